import assert from 'node:assert/strict';
import {
  CreateConfigurationSetCommand,
  CreateEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';

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

/**
 * JSON as read off the wire (an error body, an event record). A test reads its members without narrowing, and the
 * assertions check the shape: a wrong one fails the assertion rather than the compiler.
 */
// biome-ignore lint/suspicious/noExplicitAny: the one type for untyped wire JSON in tests; assertions check its shape.
export type WireJson = Record<string, any>;

/** Calls fn and returns the error it throws; fails if it does not throw. */
export async function rejectionOf(fn: () => Promise<unknown>): Promise<Error & WireJson> {
  try {
    await fn();
  } catch (error) {
    return error as Error & WireJson;
  }
  throw new Error('expected the call to be rejected');
}

/**
 * Asserts that an SDK call failed with the modelled error class `type`, status 400 (every modelled
 * client error), and, when given, its `Reason`.
 */
export function assertServiceError(error: Error & WireJson, type: new (...args: never[]) => Error, reason?: string): void {
  assert.ok(error instanceof type, `${error.name}: ${error.message}`);
  assert.equal(error.$metadata.httpStatusCode, 400);
  if (reason !== undefined) assert.equal(error.Reason, reason);
}

/** POSTs a raw body to the endpoint, for what an SDK would never send. */
export async function rawCall(
  url: string,
  target: string | undefined,
  body: string,
  init: { method?: string; headers?: Record<string, string>; path?: string } = {},
): Promise<{ status: number; headers: Headers; json: WireJson }> {
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
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as WireJson) : {} };
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

/**
 * Creates configuration set `name` with one destination `to-sns` taking ALL events to an SNS topic
 * (captured locally when the server has no SNS endpoint). Returns the name.
 */
export async function setWithSnsDestination(client: PinpointSMSVoiceV2Client, name: string, topic = 'events'): Promise<string> {
  await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: name }));
  await client.send(
    new CreateEventDestinationCommand({
      ConfigurationSetName: name,
      EventDestinationName: 'to-sns',
      MatchingEventTypes: ['ALL'],
      SnsDestination: { TopicArn: `arn:aws:sns:us-east-1:123456789012:${topic}` },
    }),
  );
  return name;
}
