import type { z } from 'zod';
import type { Role } from '../roles';
import '../messages-ja';

/*
 * The helpers a channel definition is written with (docs/channels.md). A channel is one object:
 * the schema its argument must pass, who may call it, and the type of what it answers. Each domain
 * gathers its channels in one `defineChannels({...})` in shared/api/<domain>.ts; shared/contract.ts
 * combines them and derives everything else (schemas, access, Input, Parsed, Outputs, Api).
 */

/**
 * Who may call a channel: anyone (before login), any logged-in account, or the listed roles
 * (docs/access.md). Finer rules (whose forms, which stage) live in the services.
 */
export type Access = 'public' | 'session' | readonly Role[];

declare const outputType: unique symbol;

/** A channel's output type, carried by the type system only (there is nothing to check at run time). */
export type Out<T> = { readonly [outputType]?: T };

/** `output: out<StaffRow[]>()` — names the type a channel answers with. */
export function out<T>(): Out<T> {
  return {};
}

/** One channel: input schema, access rule and output type side by side. */
export type ChannelDef<S extends z.ZodType = z.ZodType, O = unknown> = {
  input: S;
  access: Access;
  output: Out<O>;
};

/** A domain's channels, by name. */
export type ChannelDefs = Record<string, ChannelDef>;

/** Keeps each channel's exact schema and output type (and the access rule's literal) for the derived types. */
export function defineChannels<const D extends ChannelDefs>(defs: D): D {
  return defs;
}

/** What a channel's argument may be before parsing (what the renderer sends). */
export type InputOf<C extends ChannelDef> = z.input<C['input']>;
/** A channel's argument after its schema has parsed it (what the handler receives). */
export type ParsedOf<C extends ChannelDef> = z.output<C['input']>;
/** What a channel answers. */
export type OutputOf<C extends ChannelDef> = C['output'] extends Out<infer T> ? T : never;
/** True for channels anyone may call, before login. */
export type IsPublic<C extends ChannelDef> = C['access'] extends 'public' ? true : false;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every domain's channels in one object type, by channel name. */
export type Combined<D extends Record<string, ChannelDefs>> = {
  [K in keyof UnionToIntersection<D[keyof D]>]: UnionToIntersection<D[keyof D]>[K];
};

/** Channel names that more than one domain defines (never, as it must be). */
export type DefinedTwice<D extends Record<string, ChannelDefs>> = {
  [A in keyof D]: { [B in Exclude<keyof D, A>]: keyof D[A] & keyof D[B] }[Exclude<keyof D, A>];
}[keyof D];

/** What is in one of two sets of names but not in the other (never when they are the same). */
export type OnlyInOne<A, B> = Exclude<A, B> | Exclude<B, A>;

/** The domains' channels as one object (shared/contract.ts checks at compile time that no name is defined twice). */
export function combineDomains<const D extends Record<string, ChannelDefs>>(domains: D): Combined<D> {
  return Object.assign({}, ...Object.values(domains)) as Combined<D>;
}
