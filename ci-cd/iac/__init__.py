"""The CloudFormation template of DREAD on AWS, rendered from code (`python -m iac.render`)."""
