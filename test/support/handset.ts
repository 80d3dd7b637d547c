// The simulated handset: make a number reply (POST /_local/inbound) and read its conversation.
import type { WireJson } from './client.js';
import { RequestPhoneNumberCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';

/** The simulator destination that always delivers: the handset the tests play. */
export const HANDSET = '+14254147755';

export interface InboundAnswer {
  status: number;
  json: WireJson;
}

/** POSTs a body (an object is sent as JSON, a string as is) to /_local/inbound. */
export async function inbound(url: string, body: unknown, headers: Record<string, string> = {}): Promise<InboundAnswer> {
  const res = await fetch(`${url}/_local/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as WireJson) : {} };
}

/** The handset sends `messageBody` to `destinationNumber`; fails unless the server answers 200. */
export async function reply(url: string, destinationNumber: string, messageBody: string, originationNumber = HANDSET, extra: Record<string, string> = {}) {
  const answer = await inbound(url, { originationNumber, destinationNumber, messageBody, ...extra });
  if (answer.status !== 200) throw new Error(`inbound answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  return answer.json as { inboundMessageId: string; keyword?: string; action: string; messageId?: string };
}

export interface HandsetMessage {
  direction: 'INBOUND' | 'OUTBOUND';
  messageId: string;
  originationNumber: string;
  destinationNumber: string;
  messageBody?: string;
  status: string;
  keyword?: string;
  configurationSetName?: string;
}

/** Every message of a handset's conversation, oldest first, page by page. */
export async function conversation(url: string, handset = HANDSET, query: Record<string, string> = {}): Promise<HandsetMessage[]> {
  const all: HandsetMessage[] = [];
  let nextToken: string | undefined;
  do {
    const params = new URLSearchParams({ ...query, ...(nextToken && { nextToken }) });
    const res = await fetch(`${url}/_local/handsets/${encodeURIComponent(handset)}/messages?${params}`);
    if (res.status !== 200) throw new Error(`handset view answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { messages: HandsetMessage[]; nextToken?: string };
    all.push(...body.messages);
    nextToken = body.nextToken;
  } while (nextToken);
  return all;
}

/** A new SIMULATOR number (it reaches HANDSET); answers its id and E.164 value. */
export async function simulatorNumber(client: PinpointSMSVoiceV2Client, extra: { OptOutListName?: string } = {}) {
  const n = await client.send(
    new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'SIMULATOR', ...extra }),
  );
  return { id: n.PhoneNumberId!, number: n.PhoneNumber!, arn: n.PhoneNumberArn! };
}
