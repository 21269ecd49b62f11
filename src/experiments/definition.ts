/**
 * What an experiment is, validated with zod at the edge (CLI, stored rows): named variants with
 * traffic shares and what each changes. Pure.
 */
import { z } from 'zod';

/**
 * What a variant changes in the live recommendation path. The diversity step is what the
 * serving engine can vary per request today; a variant with an empty config is the control.
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
  })
  .strict();
export type VariantConfig = z.infer<typeof variantConfigSchema>;

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
  });
export type ExperimentSpec = z.infer<typeof experimentSpecSchema>;

/**
 * "control,diverse=diversity:1:0.3" with shares "50,50" -> variants. A variant is a name,
 * optionally `=diversity:<franchiseCap>:<genrePenalty>`. Shares are percentages; left off,
 * the traffic is split evenly. Returns a readable message on bad input.
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
    const [name, setting] = part.split('=', 2) as [string, string | undefined];
    let config: VariantConfig = {};
    if (setting !== undefined) {
      const m = /^diversity:(\d+):([0-9.]+)$/.exec(setting);
      if (!m)
        return { ok: false, message: `"${setting}": a variant setting is diversity:<franchise cap>:<genre penalty>, e.g. diversity:1:0.3` };
      config = { diversity: { franchiseCap: Number(m[1]), genrePenalty: Number(m[2]) } };
    }
    const parsed = variantSchema.safeParse({ name, share: pct[i]! / 100, config });
    if (!parsed.success) return { ok: false, message: `variant "${name}": ${parsed.error.issues.map((x) => x.message).join('; ')}` };
    variants.push(parsed.data);
  }
  return { ok: true, variants };
}
