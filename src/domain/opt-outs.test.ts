import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILT_IN_KEYWORDS, matchKeyword, type KeywordRecord } from './opt-outs.js';

const keywords: KeywordRecord[] = [
  ...BUILT_IN_KEYWORDS,
  { keyword: 'HOURS', keywordAction: 'AUTOMATIC_RESPONSE', keywordMessage: 'Open 9-5' },
  { keyword: 'HOURS TODAY', keywordAction: 'AUTOMATIC_RESPONSE', keywordMessage: 'Open 10-4 today' },
  { keyword: 'START', keywordAction: 'OPT_IN', keywordMessage: 'Welcome back' },
  { keyword: 'QUIT', keywordAction: 'OPT_OUT', keywordMessage: 'Bye from QUIT' },
];
const STOP_TEXT = BUILT_IN_KEYWORDS[1].keywordMessage;

// [body, self-managed, keyword, action, reply]
const cases: [string, boolean, string | undefined, string, string | undefined][] = [
  ['STOP', false, 'STOP', 'OPT_OUT', STOP_TEXT],
  ['  stop  ', false, 'STOP', 'OPT_OUT', STOP_TEXT],
  ['Stop sending me these', false, 'STOP', 'OPT_OUT', STOP_TEXT],
  ['stopp', false, undefined, 'NONE', undefined],
  ['unsubscribe', false, 'UNSUBSCRIBE', 'OPT_OUT', STOP_TEXT],
  ['opt-out', false, 'OPT-OUT', 'OPT_OUT', STOP_TEXT],
  ['td', false, 'TD', 'OPT_OUT', STOP_TEXT],
  ['quit', false, 'QUIT', 'OPT_OUT', 'Bye from QUIT'],
  ['help', false, 'HELP', 'AUTOMATIC_RESPONSE', BUILT_IN_KEYWORDS[0].keywordMessage],
  ['hours', false, 'HOURS', 'AUTOMATIC_RESPONSE', 'Open 9-5'],
  ['hours today please', false, 'HOURS TODAY', 'AUTOMATIC_RESPONSE', 'Open 10-4 today'],
  ['hours today?', false, 'HOURS TODAY', 'AUTOMATIC_RESPONSE', 'Open 10-4 today'],
  ['hours?', false, 'HOURS', 'AUTOMATIC_RESPONSE', 'Open 9-5'],
  ['hours?!', false, 'HOURS', 'AUTOMATIC_RESPONSE', 'Open 9-5'],
  ['hours.today', false, undefined, 'NONE', undefined],
  ['hoursx', false, undefined, 'NONE', undefined],
  ['Stop.', false, 'STOP', 'OPT_OUT', STOP_TEXT],
  ['STOP!!! now', false, 'STOP', 'OPT_OUT', STOP_TEXT],
  ['unsubscribe, please', false, 'UNSUBSCRIBE', 'OPT_OUT', STOP_TEXT],
  ['help?', false, 'HELP', 'AUTOMATIC_RESPONSE', BUILT_IN_KEYWORDS[0].keywordMessage],
  ['START', false, 'START', 'OPT_IN', 'Welcome back'],
  ['hello', false, undefined, 'NONE', undefined],
  ['please stop', false, undefined, 'NONE', undefined],
  ['STOP', true, 'STOP', 'NONE', undefined],
  ['cancel', true, 'CANCEL', 'NONE', undefined],
  ['HELP', true, 'HELP', 'NONE', undefined],
  ['START', true, 'START', 'NONE', undefined],
  ['hours', true, 'HOURS', 'AUTOMATIC_RESPONSE', 'Open 9-5'],
];

for (const [body, selfManaged, keyword, action, reply] of cases) {
  test(`matchKeyword(${JSON.stringify(body)}${selfManaged ? ', self-managed' : ''}) is ${action}`, () => {
    const match = matchKeyword(body, keywords, selfManaged);
    assert.deepEqual([match.keyword, match.action, match.reply], [keyword, action, reply]);
  });
}

test('STOP opts out with the built-in text when no STOP keyword is stored', () => {
  assert.deepEqual(matchKeyword('end', [], false), { keyword: 'END', action: 'OPT_OUT', reply: STOP_TEXT });
});
