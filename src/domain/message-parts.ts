// Encoding and part count of an SMS body. Written by hand because it is a small pure function over
// the GSM 03.38 tables, and the npm packages that do it are unmaintained or bring far more.

/** GSM 03.38 basic character set: one septet each. */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** GSM 03.38 extension table: an escape plus one septet, so two each. */
const GSM_EXTENSION = '^{}\\[~]|€\f';

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

export type MessageEncoding = 'GSM' | 'UCS2';

export interface MessageParts {
  encoding: MessageEncoding;
  parts: number;
}

export function messageParts(body: string): MessageParts {
  let septets = 0;
  let gsm = true;
  for (const ch of body) {
    if (basic.has(ch)) septets += 1;
    else if (extension.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'GSM', parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  // UCS-2 counts UTF-16 code units: a character outside the BMP takes two.
  const units = body.length;
  return { encoding: 'UCS2', parts: units <= 70 ? 1 : Math.ceil(units / 67) };
}
