import type { ChannelDef, ChannelDefs, IsPublic, OutputOf, ParsedOf } from '../../../shared/api/define';
import type { Definitions, DomainName, Domains } from '../../../shared/contract';
import { appraisalHandlers } from '../appraisal/appraisal.api';
import { areaLogHandlers } from '../areas/area-log.api';
import { awardsHandlers } from '../awards/awards.api';
import { placementHandlers } from '../placement/placement.api';
import { planHandlers } from '../plan/plan.api';
import { postingsHandlers } from '../postings/postings.api';
import { trainingHandlers } from '../training/training.api';
import { mboHandlers } from '../mbo/mbo.api';
import { accountsHandlers } from '../office/accounts.api';
import { appHandlers } from '../office/app.api';
import type { Office, Session } from '../office/office.service';
import { selfReportHandlers } from '../self-report/self-report.api';
import { staffHandlers } from '../staff/staff.api';
import { systemHandlers } from '../system/system.api';
import { workbooksHandlers } from '../workbooks/workbooks.api';
import type { AppContext } from './context';

/*
 * The handlers of every channel: each domain's map lives beside its services
 * (electron/core/<domain>/<domain>.api.ts) and is typed against that domain's definitions in
 * shared/api/, so a channel without a handler, or a handler without a channel, does not compile
 * (docs/channels.md).
 */

/**
 * What a handler receives: the app, the parsed input, and the office and session — never null for a
 * channel that needs a login, since dispatch has refused the call otherwise.
 */
export type HandlerArgs<C extends ChannelDef> = { ctx: AppContext; input: ParsedOf<C> } & (IsPublic<C> extends true
  ? { office: Office | null; session: Session | null }
  : { office: Office; session: Session });

export type Handler<C extends ChannelDef> = (a: HandlerArgs<C>) => OutputOf<C> | Promise<OutputOf<C>>;

/** One handler for each channel of a domain, and no other. */
export type Handlers<D extends ChannelDefs> = { [K in keyof D]: Handler<D[K]> };

/** Every domain's handlers; a domain left out does not compile. */
const byDomain: { [D in DomainName]: Handlers<Domains[D]> } = {
  app: appHandlers,
  accounts: accountsHandlers,
  system: systemHandlers,
  staff: staffHandlers,
  workbooks: workbooksHandlers,
  selfReport: selfReportHandlers,
  areaLog: areaLogHandlers,
  mbo: mboHandlers,
  appraisal: appraisalHandlers,
  awards: awardsHandlers,
  training: trainingHandlers,
  postings: postingsHandlers,
  plan: planHandlers,
  placement: placementHandlers,
};

/** The handlers of all channels, by name (the domains share no channel name: shared/contract.ts checks it). */
export const handlers = Object.assign({}, ...Object.values(byDomain)) as Handlers<Definitions>;
