// metav1.LabelSelector semantics: matchLabels AND every matchExpression; an empty selector
// matches everything. Unknown operators are an error, as in Kubernetes (spec 7 case 25).
import type { V1LabelSelector } from '@kubernetes/client-node';

/** A label selector cannot be evaluated (unknown operator, missing values). */
export class InvalidSelectorError extends Error {
  override readonly name = 'InvalidSelectorError';
}

export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

/** Compiles a selector once; throws InvalidSelectorError naming the bad requirement. */
export function compileSelector(selector: V1LabelSelector | undefined, what: string): LabelMatcher {
  const checks: LabelMatcher[] = [];
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) {
    checks.push((l) => l?.[k] === v);
  }
  for (const e of selector?.matchExpressions ?? []) {
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (values.length === 0)
          throw new InvalidSelectorError(`${what}: operator In on ${e.key} needs values`);
        checks.push((l) => l?.[e.key] !== undefined && values.includes(l[e.key]!));
        break;
      case 'NotIn':
        if (values.length === 0)
          throw new InvalidSelectorError(`${what}: operator NotIn on ${e.key} needs values`);
        checks.push((l) => l?.[e.key] === undefined || !values.includes(l[e.key]!));
        break;
      case 'Exists':
        if (values.length > 0)
          throw new InvalidSelectorError(`${what}: operator Exists on ${e.key} takes no values`);
        checks.push((l) => l?.[e.key] !== undefined);
        break;
      case 'DoesNotExist':
        if (values.length > 0)
          throw new InvalidSelectorError(`${what}: operator DoesNotExist on ${e.key} takes no values`);
        checks.push((l) => l?.[e.key] === undefined);
        break;
      default:
        throw new InvalidSelectorError(`${what}: unknown operator ${JSON.stringify(e.operator)} on ${e.key}`);
    }
  }
  return (labels) => checks.every((c) => c(labels));
}
