/**
 * "We are looking into it" is not an update. A part passes when, once stock phrases and filler
 * are taken out, at least two specific words are left (a number, a system, a symptom, an action).
 * Length does not help: a long evasive paragraph still leaves nothing specific.
 */
const stockPhrases = [
  'we are looking into it',
  'looking into it',
  'looking into this',
  'looking into the issue',
  'we are investigating',
  'still investigating',
  'under investigation',
  'investigating',
  'investigation ongoing',
  'no news',
  'no update',
  'no updates',
  'nothing new',
  'nothing to report',
  'working on it',
  'working on a fix',
  'we are aware',
  'we are on it',
  'on it',
  'more info to follow',
  'more information to follow',
  'more details to follow',
  'to be determined',
  'tbd',
  'tba',
  'n/a',
  'as soon as possible',
  'asap',
  'ongoing',
  'in progress',
  'we apologise for the inconvenience',
  'we apologize for the inconvenience',
  'sorry for the inconvenience',
  'thank you for your patience',
  'thanks for your patience',
  'stay tuned',
  'will keep you posted',
  'will update you',
  'will provide an update',
  'same as before',
  'see above',
];

const filler = new Set(
  (
    'a an the and or but of to in on at for with by from as is are was were be been being it its ' +
    'this that these those we our us you your they their team teams engineer engineers currently ' +
    'actively still now right very all any some issue issues problem problems incident situation ' +
    'matter matters priority high top highest inconvenience apologies apologise apologize sorry ' +
    'looking look investigating investigate investigation working work progress ongoing update ' +
    'updates news soon possible further shortly more info information details keep posted aware ' +
    'continue continuing continues will shall can could would should may might do doing does done ' +
    'has have had also just there here what which who when how why please thank thanks patience ' +
    'everything something anything nothing cause causes root fix fixing resolve resolving time ' +
    'asap tbd tba n/a as soon ' +
    // Vague words that fill an evasive paragraph without naming a symptom, scope or step.
    'users user customers customer clients client some few many several reports reported ' +
    'experiencing experience experiences service services system systems platform functionality ' +
    'operation operations normal normally hard diligently restore restoring restored quickly ' +
    'promptly identify identifying identified underlying impact impacted impacting affect affected ' +
    'affecting possibly potentially certain best effort efforts resources available ensure ' +
    'understand understanding appreciate regret caused causing may other others being'
  ).split(' '),
);

const phrasePatterns = stockPhrases.map((phrase) => {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  // Whole words only: "on it" must not eat the middle of "migration items".
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu');
});

function normalise(text: string): string {
  return text.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();
}

export function specificWords(text: string): string[] {
  let remaining = normalise(text);
  for (const pattern of phrasePatterns) remaining = remaining.replace(pattern, ' ');
  const words = remaining.match(/[\p{L}\p{N}][\p{L}\p{N}%.:/_-]*/gu) ?? [];
  return words
    .map((word) => word.replace(/[.:]+$/, ''))
    .filter((word) => (/\d/.test(word) || word.length >= 3) && !filler.has(word));
}

export type PartProblem = 'empty' | 'evasive' | null;

export function checkPart(text: string): PartProblem {
  if (text.trim() === '') return 'empty';
  return specificWords(text).length >= 2 ? null : 'evasive';
}
