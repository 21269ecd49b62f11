/**
 * What an experiment is, validated with zod at the edge (CLI, stored rows): named variants with
 * traffic shares and what each changes. Pure.
 */
import { z } from 'zod';
import { STRATEGY_NAMES } from '../party/strategies.js';
import { isRankingParamKey, RANKING_PARAM_KEYS } from '../recommender/ranking-params.js';

const rankBlendSchema = z
  .record(z.string().refine(isRankingParamKey, 'not a ranking parameter'), z.number().min(-10).max(100))
  .refine((b) => Object.keys(b).length > 0, 'a ranking blend sets at least one parameter');

/**
 * What a variant changes in the live recommendation path; a variant with an empty config is
 * the control. Each setting is applied per request by the engine wrapper (engine.ts):
 * - diversity: the diversity step's franchise cap and genre penalty;
 * - modelVersion: rank with a published model version instead of the active one (a challenger
 *   trained with `reelmate train --no-activate`);
 * - rankBlend: ranking parameters of the hybrid (ranking-params.ts) on the same fitted model;
 * - partyStrategy: the watch-party strategy for parties this user hosts.
 */
export const variantConfigSchema = z
  .object({
    diversity: z
      .object({
        franchiseCap: z.number().int().min(1).max(10),
        genrePenalty: z.number().min(0).max(2),
      })
      .strict()
      .optional(),
    modelVersion: z.number().int().positive().optional(),
    rankBlend: rankBlendSchema.optional(),
    partyStrategy: z.enum(STRATEGY_NAMES as [string, ...string[]]).optional(),
  })
  .strict();
export type VariantConfig = z.infer<typeof variantConfigSchema>;

/**
 * An experiment on watch parties: some variant sets a party strategy. Its hosts' parties are
 * assigned by it; recommendation requests ignore it (and party picks ignore the others).
 */
export function isPartyExperiment(variants: readonly Variant[]): boolean {
  return variants.some((v) => v.config.partyStrategy !== undefined);
}

/** The forms a variant setting takes on the command line, for the messages. */
export const SETTING_FORMS =
  'diversity:<franchise cap>:<genre penalty> | model:<version> | blend:<param>=<value>[/<param>=<value>...] | party:<strategy>';

/** One "kind:value" setting -> its part of a variant config, or a readable message. Pure. */
function parseSetting(setting: string): { ok: true; config: VariantConfig } | { ok: false; message: string } {
  const [kind, rest = ''] = setting.split(/:(.*)/s, 2) as [string, string | undefined];
  switch (kind) {
    case 'diversity': {
      const m = /^(\d+):([0-9.]+)$/.exec(rest);
      if (!m) return { ok: false, message: `"${setting}": write diversity:<franchise cap>:<genre penalty>, e.g. diversity:1:0.3` };
      return { ok: true, config: { diversity: { franchiseCap: Number(m[1]), genrePenalty: Number(m[2]) } } };
    }
    case 'model': {
      if (!/^\d+$/.test(rest))
        return {
          ok: false,
          message: `"${setting}": write model:<version>, e.g. model:12 (\`reelmate train --no-activate\` prints the version it stores)`,
        };
      return { ok: true, config: { modelVersion: Number(rest) } };
    }
    case 'blend': {
      const rankBlend: Record<string, number> = {};
      for (const pair of rest.split('/').filter(Boolean)) {
        const m = /^([A-Za-z]+)=(-?[0-9.]+)$/.exec(pair);
        if (!m || !isRankingParamKey(m[1]!) || !Number.isFinite(Number(m[2])))
          return {
            ok: false,
            message: `"${pair}": a blend setting is <param>=<number> with a ranking parameter: ${RANKING_PARAM_KEYS.join(', ')}`,
          };
        rankBlend[m[1]!] = Number(m[2]);
      }
      if (Object.keys(rankBlend).length === 0)
        return { ok: false, message: `"${setting}": write blend:<param>=<value>, e.g. blend:popPenalty=0` };
      return { ok: true, config: { rankBlend } };
    }
    case 'party': {
      if (!(STRATEGY_NAMES as readonly string[]).includes(rest))
        return { ok: false, message: `"${setting}": the party strategies are ${STRATEGY_NAMES.join(', ')}` };
      return { ok: true, config: { partyStrategy: rest } };
    }
    default:
      return { ok: false, message: `"${setting}": that is not a variant setting` };
  }
}

const nameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/i, 'letters, digits, - and _ (up to 40)');

export const variantSchema = z.object({ name: nameSchema, share: z.number().min(0).max(1), config: variantConfigSchema });
export type Variant = z.infer<typeof variantSchema>;

export const experimentSpecSchema = z
  .object({
    name: nameSchema,
    mode: z.enum(['ab', 'interleave']),
    variants: z.array(variantSchema).min(2).max(8),
    description: z.string().max(500).optional(),
  })
  .superRefine((e, ctx) => {
    const total = e.variants.reduce((s, v) => s + v.share, 0);
    if (total > 1 + 1e-9) ctx.addIssue({ code: 'custom', message: `variant shares add up to ${total.toFixed(3)}, more than 1` });
    if (new Set(e.variants.map((v) => v.name)).size !== e.variants.length)
      ctx.addIssue({ code: 'custom', message: 'variant names must differ' });
    if (e.mode === 'interleave' && e.variants.length !== 2)
      ctx.addIssue({ code: 'custom', message: 'interleaving compares exactly two variants' });
    if (isPartyExperiment(e.variants)) {
      if (e.mode === 'interleave') ctx.addIssue({ code: 'custom', message: 'party strategies are compared by A/B, not interleaving' });
      if (e.variants.some((v) => v.config.diversity || v.config.modelVersion !== undefined || v.config.rankBlend))
        ctx.addIssue({
          code: 'custom',
          message: 'a party-strategy experiment changes only party strategies (run recommendation settings as their own experiment)',
        });
    }
  });
export type ExperimentSpec = z.infer<typeof experimentSpecSchema>;

/**
 * "control,diverse=diversity:1:0.3" with shares "50,50" -> variants. A variant is a name,
 * optionally `=` and settings joined by `+` (SETTING_FORMS), e.g.
 * `challenger=model:12+blend:popPenalty=0`. Shares are percentages; left off, the traffic is
 * split evenly. Returns a readable message on bad input.
 */
export function parseVariants(list: string, shares?: string): { ok: true; variants: Variant[] } | { ok: false; message: string } {
  const parts = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const pct = shares ? shares.split(',').map((s) => Number(s.trim())) : parts.map(() => 100 / parts.length);
  if (pct.length !== parts.length || pct.some((p) => !Number.isFinite(p) || p < 0 || p > 100)) {
    return { ok: false, message: `give one share (0-100) per variant: ${parts.length} variants, ${pct.length} shares` };
  }
  const variants: Variant[] = [];
  for (const [i, part] of parts.entries()) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const setting = eq < 0 ? undefined : part.slice(eq + 1);
    let config: VariantConfig = {};
    for (const one of setting === undefined ? [] : setting.split('+')) {
      const parsed = parseSetting(one.trim());
      if (!parsed.ok) return { ok: false, message: `${parsed.message} (the forms: ${SETTING_FORMS})` };
      const clash = Object.keys(parsed.config).find((k) => k in config);
      if (clash) return { ok: false, message: `variant "${name}" sets ${clash} twice` };
      config = { ...config, ...parsed.config };
    }
    const parsed = variantSchema.safeParse({ name, share: pct[i]! / 100, config });
    if (!parsed.success) return { ok: false, message: `variant "${name}": ${parsed.error.issues.map((x) => x.message).join('; ')}` };
    variants.push(parsed.data);
  }
  return { ok: true, variants };
}
