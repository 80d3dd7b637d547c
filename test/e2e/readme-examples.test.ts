// The README's examples, run as written (the AWS CLI one, the handset and protect ones, the JavaScript SDK one and the walkthrough
// with moto) against one server, forwards and then backwards: each must work on a server that
// already ran every example, itself included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, startServer, testStore } from '../support/server-process.js';
import { startMoto } from '../support/moto.js';
import { settledEventsOf } from '../support/events.js';

const run = promisify(execFile);
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** The first code block of `lang` after the heading. */
function blockAfter(heading: string, lang: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has a section ${heading}`);
  const fence = '```';
  const match = new RegExp(`${fence}${lang}\\n([\\s\\S]*?)${fence}`).exec(readme.slice(start));
  assert.ok(match, `a ${lang} block under ${heading}`);
  return match[1];
}

type Example = { name: string; run: () => Promise<string> };

if (testStore === 'postgres') {
  test('README examples: run in the SQLite pass (they do not depend on the store)', { skip: true }, () => undefined);
} else {
  test('every README example works in any order, and again, on one server', async () => {
    const moto = await startMoto();
    // The sandbox example's account, as its start-up line in the README sets it.
    const server = await startServer({ AWS_ENDPOINT_URL: moto.url, ACCOUNTS: 'AKIDSANDBOX=111111111111', ACCOUNT_TIERS: '111111111111=SANDBOX' });
    const local = (text: string) =>
      text.replaceAll('http://localhost:4566', server.url).replaceAll('http://127.0.0.1:4566', server.url).replaceAll('http://127.0.0.1:5000', moto.url);
    const { AWS_ENDPOINT_URL: _e, AWS_PROFILE: _p, ...env } = process.env;
    const shell = async (script: string) =>
      (await run('bash', ['-e', '-o', 'pipefail', '-c', script], { env: { ...env, AWS_PAGER: '' }, timeout: 120_000, killSignal: 'SIGKILL' })).stdout;
    // The walkthrough's own start-up lines (background processes) are what this test provides.
    const walkthrough = blockAfter('### Send a text and read its events', 'sh')
      .split('\n')
      .filter((line) => !/&\s*([A-Z_]+=\$!\s*)?(#.*)?$/.test(line) && !/^kill\b/.test(line))
      .join('\n');
    const jsFile = join(repoRoot, 'dist', `readme-example-${process.pid}.mjs`);
    const examples: Example[] = [
      { name: 'AWS CLI', run: () => shell(local(blockAfter('### AWS CLI', 'sh'))) },
      {
        name: 'handset',
        run: async () => {
          const out = await shell(local(blockAfter('### A handset that replies: opt-outs, keywords, two-way', 'sh')));
          assert.match(out, /"action":"OPT_OUT"/);
          assert.match(out, /refused: ConflictException/);
          return out;
        },
      },
      {
        name: 'sandbox',
        run: async () => {
          const out = await shell(local(blockAfter('### The sandbox: verified destination numbers', 'sh')));
          assert.match(out, /refused: ConflictException, Reason DESTINATION_PHONE_NUMBER_NOT_VERIFIED/);
          assert.match(out, /refused: ValidationException, Reason VERIFICATION_CODE_MISMATCH/);
          assert.match(out, /"Status": "VERIFIED"/);
          assert.match(out, /"MessageId": /);
          return out;
        },
      },
      {
        name: 'spend limits',
        run: async () => {
          const out = await shell(local(blockAfter('### Spend limits: rehearse running out of budget', 'sh')));
          assert.match(out, /"MonthlyLimit": 0/);
          assert.match(out, /\(ServiceQuotaExceededException\)/);
          assert.match(out, /"EnforcedLimit": 0/);
          assert.match(out, /"MessageId": "[0-9a-f-]{36}"/);
          return out;
        },
      },
      {
        name: 'protect',
        run: async () => {
          const out = await shell(local(blockAfter('### Protect configurations: block, monitor and filter destinations', 'sh')));
          assert.match(out, /refused: ConflictException/);
          assert.match(out, /"Name": "DEFAULT_PROTECT_CONFIGURATION_ID"/);
          assert.match(out, /"DestinationPhoneNumber": "\+14254147755"/);
          return out;
        },
      },
      {
        name: 'RCS agents',
        run: async () => {
          const out = await shell(local(blockAfter('### RCS agents', 'sh')));
          assert.match(out, /"IsoCountryCode": "US"/);
          assert.match(out, /"CarrierName": "AT&T"/);
          return out;
        },
      },
      {
        name: 'Notify',
        run: async () => {
          const out = await shell(local(blockAfter('### Notify', 'sh')));
          assert.match(out, /"ResolvedMessageBody": "ExampleApp: your verification code is 482913\. It expires in 10 minutes\."/);
          assert.match(out, /"originationNumber":"\+18005550199"/);
          return out;
        },
      },
      {
        name: 'JavaScript SDK v3',
        run: async () => {
          writeFileSync(jsFile, `${local(blockAfter('### JavaScript SDK v3', 'js'))}\nconsole.log(JSON.stringify(EventDestination));\n`);
          return (await run(process.execPath, [jsFile], { env })).stdout;
        },
      },
      {
        name: 'walkthrough',
        run: async () => {
          const out = await shell(local(walkthrough));
          const { messages } = (await (await fetch(`${server.url}/_local/messages?configurationSet=walkthrough&limit=1`)).json()) as {
            messages: { messageId: string }[];
          };
          // The message's three events all reach SNS (the README then reads them from the queue).
          const events = await settledEventsOf(server.url, messages[0].messageId, 3, 30_000);
          assert.deepEqual(
            events.map((e) => e.deliveries.map((d) => `${d.destination}:${d.status}`)),
            [['to-sns:delivered'], ['to-sns:delivered'], ['to-sns:delivered']],
          );
          return out;
        },
      },
    ];
    try {
      for (const example of [...examples, ...[...examples].reverse()]) {
        const out = await example.run().catch((error: { stderr?: string }) => assert.fail(`${example.name}: ${error.stderr ?? String(error)}`));
        if (example.name === 'AWS CLI') assert.match(out, /"ConfigurationSetName": "cli-example"/);
        if (example.name === 'JavaScript SDK v3') assert.equal(JSON.parse(out).EventDestinationName, 'to-sns');
      }
    } finally {
      rmSync(jsFile, { force: true });
      await server.stop();
      await moto.kill();
    }
  });
}
