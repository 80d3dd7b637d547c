// What an account ID and a region may look like, wherever one is read (SigV4 scopes, the local views).

/** An AWS account ID: 12 digits. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** A region as a SigV4 credential scope names it (`us-east-1`); any such name is its own namespace. */
export const REGION_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
