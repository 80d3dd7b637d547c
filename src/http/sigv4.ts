// SigV4 verification for service `sms-voice`, when access keys are configured. The signature is
// recomputed with the AWS SDK's own signer (@smithy/signature-v4) over the headers the client says
// it signed, and compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { FrameworkError } from '../protocol/framework-errors.js';
import type { Scope } from '../storage/store.js';
import type { AccessKey } from './access-keys.js';

export interface SignedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** AWS's clock-skew window for SigV4 requests to JSON services. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const authError = (code: string, message: string) => new FrameworkError(code, 400, message);

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;

function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** 20261127T010203Z -> Date */
function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

export class SigV4Verifier {
  constructor(
    private readonly keys: ReadonlyMap<string, AccessKey>,
    private readonly service: string,
    private readonly defaultAccountId: string,
  ) {}

  /** Checks the request's signature and answers the caller's scope, or throws the AWS error. */
  async verify(request: SignedRequest, now: number): Promise<Scope> {
    const authorization = headerValue(request.headers, 'authorization');
    if (!authorization) throw authError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    const m = AUTHORIZATION.exec(authorization.trim());
    if (!m) {
      throw authError('IncompleteSignatureException', 'Authorization header requires Credential, SignedHeaders and Signature for AWS4-HMAC-SHA256');
    }
    const [, accessKeyId, credentialDate, region, service, signedHeaderList, signature] = m;
    const key = this.keys.get(accessKeyId);
    if (!key) throw authError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    if (service !== this.service) {
      throw authError('InvalidSignatureException', `Credential should be scoped to correct service: '${this.service}'.`);
    }
    const amzDate = headerValue(request.headers, 'x-amz-date');
    const signingDate = amzDate ? parseAmzDate(amzDate) : undefined;
    if (!amzDate || !signingDate) throw authError('IncompleteSignatureException', 'The request must carry a valid X-Amz-Date header');
    if (!amzDate.startsWith(credentialDate)) {
      throw authError(
        'InvalidSignatureException',
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${credentialDate}' != '${amzDate.slice(0, 8)}'`,
      );
    }
    if (Math.abs(now - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
      const limit = new Date(now - MAX_CLOCK_SKEW_MS).toISOString().replace(/[-:]|\.\d{3}/g, '');
      throw authError('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${limit} (${new Date(now).toISOString()} - 5 min.)`);
    }
    const signedHeaders = signedHeaderList.split(';');
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = headerValue(request.headers, name);
      if (value === undefined) throw authError('IncompleteSignatureException', `Signed header ${name} is missing from the request`);
      headers[name] = value;
    }
    // The signer trusts an x-amz-content-sha256 header as the payload hash: hold it to the body.
    const declaredHash = headers['x-amz-content-sha256'];
    if (declaredHash !== undefined && declaredHash !== createHash('sha256').update(request.body).digest('hex')) {
      throw authError('InvalidSignatureException', 'The x-amz-content-sha256 header does not match the SHA-256 of the request body.');
    }
    const signer = new SignatureV4({
      credentials: { accessKeyId, secretAccessKey: key.secretAccessKey },
      region,
      service,
      sha256: Sha256,
      applyChecksum: false,
    });
    const query: Record<string, string> = {};
    for (const [k, v] of request.query) query[k] = v;
    const signed = await signer.sign(
      { method: request.method, protocol: 'http:', hostname: headers.host ?? '', path: request.path, query, headers, body: request.body },
      { signingDate, signingRegion: region, signingService: service },
    );
    const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? signed.headers.Authorization))?.[1] ?? '';
    const matches = expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
    if (!matches) {
      throw authError(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      );
    }
    return { accountId: key.accountId ?? this.defaultAccountId, region };
  }
}
