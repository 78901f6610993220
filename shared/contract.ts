import type { ChannelName } from './channels';
import type { Result } from './result';
import { accountsChannels } from './api/accounts';
import { appChannels } from './api/app';
import { appraisalChannels } from './api/appraisal';
import { areaLogChannels } from './api/area-log';
import { awardsChannels } from './api/awards';
import { placementChannels } from './api/placement';
import { planChannels } from './api/plan';
import { postingsChannels } from './api/postings';
import { trainingChannels } from './api/training';
import { mboChannels } from './api/mbo';
import { selfReportChannels } from './api/self-report';
import { staffChannels } from './api/staff';
import { systemChannels } from './api/system';
import { workbooksChannels } from './api/workbooks';
import { combineDomains } from './api/define';
import type { Access, DefinedTwice, InputOf, OnlyInOne, OutputOf, ParsedOf } from './api/define';
import './messages-ja';

/*
 * The API contract: every channel of every domain, and what the rest of the code needs from them.
 * A channel is defined once, in its domain's file under shared/api/ (input schema, access rule and
 * output type side by side); everything here is derived from those definitions (docs/channels.md).
 */

export type { Access } from './api/define';
export { LoginSchema, PasswordSchema, StaffNoSchema, maxUploadBase64 } from './api/common';
export type { FileDownload, PersonRef } from './api/common';
export * from './api/app';
export * from './api/accounts';
export * from './api/system';
export * from './api/staff';
export * from './api/workbooks';
export * from './api/self-report';
export * from './api/area-log';
export * from './api/mbo';
export * from './api/appraisal';
export * from './api/awards';
export * from './api/training';
export * from './api/postings';
export * from './api/plan';
export * from './api/placement';

/** Each domain's channels; the handlers in electron/core/<domain>/<domain>.api.ts follow the same split. */
export const domains = {
  app: appChannels,
  accounts: accountsChannels,
  system: systemChannels,
  staff: staffChannels,
  workbooks: workbooksChannels,
  selfReport: selfReportChannels,
  areaLog: areaLogChannels,
  mbo: mboChannels,
  appraisal: appraisalChannels,
  awards: awardsChannels,
  training: trainingChannels,
  postings: postingsChannels,
  plan: planChannels,
  placement: placementChannels,
};
export type Domains = typeof domains;
export type DomainName = keyof Domains;

/** Every channel's definition, by name. */
export const definitions = combineDomains(domains);
export type Definitions = typeof definitions;

// Compile-time checks: no channel is defined by two domains, and the plain list of names the preload
// uses (shared/channels.ts) is exactly the defined channels — a name missing on either side fails here.
type Twice = DefinedTwice<Domains>;
const _eachDefinedOnce: [Twice] extends [never] ? true : { definedTwice: Twice } = true;
type NotBoth = OnlyInOne<keyof Definitions, ChannelName>;
const _namesMatch: [NotBoth] extends [never] ? true : { inOnlyOneOf: NotBoth } = true;

/** Each channel's input schema (dispatch parses every argument with it). */
export const schemas = Object.fromEntries(Object.entries(definitions).map(([name, def]) => [name, def.input])) as {
  [K in ChannelName]: Definitions[K]['input'];
};

/** Who may call each channel (dispatch checks it before the argument is looked at; docs/access.md). */
export const access = Object.fromEntries(
  Object.entries(definitions).map(([name, def]) => [name, def.access]),
) as Record<ChannelName, Access>;

/** What the caller sends. */
export type Input<K extends ChannelName> = InputOf<Definitions[K]>;
/** What the handler receives, after the schema has parsed (and trimmed, defaulted) the argument. */
export type Parsed<K extends ChannelName> = ParsedOf<Definitions[K]>;
/** What each channel answers. */
export type Outputs = { [K in ChannelName]: OutputOf<Definitions[K]> };

/** window.api: one function per channel, each resolving to a plain Result. */
export type Api = { [K in ChannelName]: (req: Input<K>) => Promise<Result<Outputs[K]>> };
