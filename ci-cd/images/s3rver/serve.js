'use strict';
// s3rver's own CLI, but accepting the stack's generated key pair (AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY) instead of its built-in S3RVER/S3RVER: s3rver checks the signature
// of every signed request against the key pairs it knows.
const AWSAccount = require('s3rver/lib/models/account');

const id = process.env.AWS_ACCESS_KEY_ID;
const secret = process.env.AWS_SECRET_ACCESS_KEY;
if (!id || !secret) {
  console.error('set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (python -m devstack compose-env)');
  process.exit(2);
}
AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
AWSAccount.DUMMY_ACCOUNT.createKeyPair(id, secret);
require('s3rver/bin/s3rver.js');
