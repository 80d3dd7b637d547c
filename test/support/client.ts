import { DescribeConfigurationSetsCommand, PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';

export function clientFor(
  url: string,
  { region = 'us-east-1', accessKeyId = 'AKIDLOCAL', maxAttempts = 1 }: { region?: string; accessKeyId?: string; maxAttempts?: number } = {},
): PinpointSMSVoiceV2Client {
  return new PinpointSMSVoiceV2Client({
    endpoint: url,
    region,
    credentials: { accessKeyId, secretAccessKey: 'local-secret' },
    maxAttempts,
  });
}

/** Calls fn and returns the error it throws; fails if it does not throw. */
export async function rejectionOf(fn: () => Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await fn();
  } catch (error) {
    return error as Error & Record<string, any>;
  }
  throw new Error('expected the call to be rejected');
}

/** POSTs a raw body to the endpoint, for what an SDK would never send. */
export async function rawCall(
  url: string,
  target: string | undefined,
  body: string,
  init: { method?: string; headers?: Record<string, string>; path?: string } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, any> }> {
  const response = await fetch(url + (init.path ?? '/'), {
    method: init.method ?? 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      ...(target && { 'x-amz-target': target }),
      ...init.headers,
    },
    ...(init.method === 'GET' || init.method === 'HEAD' ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

/** The names of every configuration set in the caller's account and region, page by page. */
export async function allConfigurationSetNames(client: PinpointSMSVoiceV2Client): Promise<Set<string>> {
  const names = new Set<string>();
  let NextToken: string | undefined;
  do {
    const page = await client.send(new DescribeConfigurationSetsCommand({ NextToken }));
    for (const s of page.ConfigurationSets!) names.add(s.ConfigurationSetName!);
    NextToken = page.NextToken;
  } while (NextToken);
  return names;
}
