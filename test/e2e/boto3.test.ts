// Smoke test through boto3 (botocore parses answers its own way): request a number, find it, send
// through it, and read a modelled error, all from Python.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer, type ServerProcess } from '../support/server-process.js';

const run = promisify(execFile);
let server: ServerProcess;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

const SCRIPT = `
import json, sys, boto3
client = boto3.client('pinpoint-sms-voice-v2', endpoint_url=sys.argv[1], region_name='eu-west-1',
                      aws_access_key_id='AKIDBOTO', aws_secret_access_key='secret')
number = client.request_phone_number(IsoCountryCode='US', MessageType='TRANSACTIONAL',
                                     NumberCapabilities=['SMS'], NumberType='SIMULATOR')
found = client.describe_phone_numbers(PhoneNumberIds=[number['PhoneNumberId']])['PhoneNumbers'][0]
sent = client.send_text_message(DestinationPhoneNumber='+14254147755', MessageBody='hi',
                                OriginationIdentity=number['PhoneNumberArn'])
try:
    client.send_text_message(DestinationPhoneNumber='+447860019066', MessageBody='hi')
    error = None
except client.exceptions.ConflictException as e:
    error = {'code': e.response['Error']['Code'], 'reason': e.response.get('Reason')}
print(json.dumps({'number': number, 'found': found, 'sent': sent, 'error': error}, default=str))
`;

test('boto3: request a number, describe it, send through it, and get a modelled ConflictException', async () => {
  const { stdout } = await run('python3', ['-c', SCRIPT, server.url], { env: { ...process.env, AWS_MAX_ATTEMPTS: '1' } });
  const { number, found, sent, error } = JSON.parse(stdout);
  assert.match(number.PhoneNumberId, /^phone-[0-9a-f]{32}$/);
  assert.equal(number.PhoneNumberArn, `arn:aws:sms-voice:eu-west-1:123456789012:phone-number/${number.PhoneNumberId}`);
  assert.equal(found.PhoneNumber, number.PhoneNumber);
  assert.equal(found.Status, 'ACTIVE');
  assert.match(found.CreatedTimestamp, /^\d{4}-\d\d-\d\d/); // botocore parsed the epoch seconds into a datetime
  assert.match(sent.MessageId, /^[0-9a-f-]{36}$/);
  assert.deepEqual(error, { code: 'ConflictException', reason: 'NO_ORIGINATION_IDENTITIES_FOUND' });
});
