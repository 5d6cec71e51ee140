#!/usr/bin/env node
// s3rver with this stack's generated key pair instead of its public S3RVER/S3RVER.
//
// s3rver checks no SigV4 signature, but it does refuse an access key id it does not know.
// Registering the stack's own pair (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, generated under
// .dread/secrets) and revoking the well-known one means the services, the worker and the
// S3 gate all use keys nobody outside the stack knows. Arguments are s3rver's own.
'use strict';

const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account');

const accessKey = process.env.AWS_ACCESS_KEY_ID;
const secretKey = process.env.AWS_SECRET_ACCESS_KEY;
if (!accessKey || !secretKey || accessKey === 'S3RVER') {
  console.error('s3rver.js: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the stack keys');
  process.exit(2);
}
DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
DUMMY_ACCOUNT.createKeyPair(accessKey, secretKey);

require('s3rver/bin/s3rver.js');
