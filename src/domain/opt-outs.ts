// Records of opt-out lists, opted-out numbers and keywords, and the pure rules of inbound keyword
// processing. Facts: ../shared/notes/aws-behavior-rest-of-api.md section 4; where AWS is silent,
// the choice is listed in the README's "Differences from AWS". Times are epoch ms.

export type KeywordAction = 'AUTOMATIC_RESPONSE' | 'OPT_OUT' | 'OPT_IN';

/** An opt-out list (resource type `opt-out-list`, id: its name). */
export interface OptOutListRecord {
  optOutListName: string;
  createdTimestamp: number;
}

/** One entry of an opt-out list (type `opted-out-number`, parent: the list's name, id: the E.164 number). */
export interface OptedOutNumberRecord {
  optedOutNumber: string;
  optedOutTimestamp: number;
  /** True when the end user opted out by keyword; false when the account added the entry (PutOptedOutNumber). */
  endUserOptedOut: boolean;
}

/** A keyword of a phone number or pool (type `keyword`, parent: the PhoneNumberId or PoolId, id: the upper-cased keyword). */
export interface KeywordRecord {
  keyword: string;
  keywordMessage: string;
  keywordAction: KeywordAction;
}

/** Every account's opt-out list, which exists without being created. */
export const DEFAULT_OPT_OUT_LIST = 'Default';

/**
 * The keywords every phone number and pool has, whose action cannot change and which cannot be
 * deleted (their message can change, as Terraform's acceptance tests do). AWS does not document
 * their default texts; these are sms-voice-local's.
 */
export const BUILT_IN_KEYWORDS: readonly KeywordRecord[] = [
  {
    keyword: 'HELP',
    keywordAction: 'AUTOMATIC_RESPONSE',
    keywordMessage: 'This number sends messages through AWS End User Messaging SMS. Reply STOP to unsubscribe.',
  },
  {
    keyword: 'STOP',
    keywordAction: 'OPT_OUT',
    keywordMessage: 'You have been unsubscribed and will receive no further messages from this number.',
  },
];

/** The opt-out words every sender must honour, case-insensitively (User Guide, keywords-required). */
export const REQUIRED_OPT_OUT_KEYWORDS: ReadonlySet<string> = new Set([
  'STOP',
  'ARRET',
  'CANCEL',
  'END',
  'OPT-OUT',
  'OPTOUT',
  'QUIT',
  'REMOVE',
  'TD',
  'UNSUBSCRIBE',
]);

export const isBuiltInKeyword = (keyword: string): boolean => BUILT_IN_KEYWORDS.some((k) => k.keyword === keyword);

/** What an inbound message asks for: the keyword it matched (if any) and the action to take. */
export interface KeywordMatch {
  keyword?: string;
  action: KeywordAction | 'NONE';
  /** The reply to send, when the action has one. */
  reply?: string;
}

/**
 * Matches an inbound message body against a number's (or pool's) keywords. A keyword matches when
 * the message, trimmed and upper-cased, is the keyword or starts with it followed by white space,
 * either after sentence punctuation (`Stop.`, `HOURS?`) or not (the longest such keyword wins). A required opt-out word as the first word always opts out,
 * answering with its own keyword's message when it has one, else STOP's. With self-managed
 * opt-outs, HELP, STOP, the opt-out words and every OPT_OUT or OPT_IN keyword take no action
 * (the application owns them); other AUTOMATIC_RESPONSE keywords still answer.
 */
/** Sentence punctuation a phone user may type after a keyword: `STOP.`, `HELP?`, `YES!`. */
const TRAILING_PUNCTUATION = /[.!?,;:]+$/;
/** What may follow a keyword in a message: nothing, or punctuation and then white space or the end. */
const KEYWORD_END = /^[.!?,;:]*(\s|$)/;

export function matchKeyword(body: string, keywords: readonly KeywordRecord[], selfManaged: boolean): KeywordMatch {
  const text = body.trim().toUpperCase();
  const firstWord = (text.split(/\s+/, 1)[0] ?? '').replace(TRAILING_PUNCTUATION, '');
  const starts = (k: string) => text.startsWith(k) && KEYWORD_END.test(text.slice(k.length));
  const byName = new Map(keywords.map((k) => [k.keyword, k]));
  let found: KeywordRecord | undefined;
  if (REQUIRED_OPT_OUT_KEYWORDS.has(firstWord)) {
    const own = byName.get(firstWord);
    const stop = byName.get('STOP') ?? BUILT_IN_KEYWORDS[1];
    found = { keyword: firstWord, keywordAction: 'OPT_OUT', keywordMessage: own?.keywordAction === 'OPT_OUT' ? own.keywordMessage : stop.keywordMessage };
  } else {
    for (const k of keywords) if (starts(k.keyword) && (!found || k.keyword.length > found.keyword.length)) found = k;
  }
  if (!found) return { action: 'NONE' };
  const managedByApplication = found.keywordAction !== 'AUTOMATIC_RESPONSE' || found.keyword === 'HELP';
  if (selfManaged && managedByApplication) return { keyword: found.keyword, action: 'NONE' };
  return { keyword: found.keyword, action: found.keywordAction, reply: found.keywordMessage };
}
