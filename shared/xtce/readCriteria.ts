// Comparison, ComparisonList and ContextMatch / RestrictionCriteria / IncludeCondition wrappers.
import type { Comparison, ComparisonOperator, MatchCriteria } from './model';
import type { ReadContext } from './readContext';
import type { XmlElement } from './xml';

const OPERATORS: Record<string, ComparisonOperator> = {
  '==': '==',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  // Spelled-out forms some tools write.
  eq: '==',
  neq: '!=',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
};

export function readComparison(ctx: ReadContext, element: XmlElement): Comparison | undefined {
  ctx.children(element, []);
  const parameterRef = ctx.required(element, 'parameterRef');
  const value = element.attributes.value;
  if (value === undefined) ctx.error(element, 'Comparison has no value attribute');
  const operatorText = element.attributes.comparisonOperator ?? '==';
  const operator = OPERATORS[operatorText];
  if (!operator)
    ctx.error(element, `comparisonOperator "${operatorText}" is not one of ==, !=, <, <=, >, >=`);
  if (element.attributes.instance !== undefined && element.attributes.instance !== '0') {
    ctx.unsupported(element, 'Comparison with instance other than 0');
  }
  if (!parameterRef || value === undefined || !operator) return undefined;
  return {
    parameterRef,
    operator,
    value,
    useCalibratedValue: ctx.boolean(element, 'useCalibratedValue', true),
    loc: ctx.loc(element),
  };
}

/**
 * The contents of a criteria wrapper: one Comparison or one ComparisonList (all must hold). A
 * BooleanExpression or a custom algorithm is reported as unsupported.
 */
export function readCriteria(ctx: ReadContext, wrapper: XmlElement): MatchCriteria | undefined {
  const byName = ctx.children(wrapper, ['Comparison', 'ComparisonList']);
  const comparisons: Comparison[] = [];
  let complete = true;
  for (const element of byName.get('Comparison') ?? []) {
    const comparison = readComparison(ctx, element);
    if (comparison) comparisons.push(comparison);
    else complete = false;
  }
  for (const list of byName.get('ComparisonList') ?? []) {
    for (const element of ctx.children(list, ['Comparison']).get('Comparison') ?? []) {
      const comparison = readComparison(ctx, element);
      if (comparison) comparisons.push(comparison);
      else complete = false;
    }
  }
  if (comparisons.length === 0) {
    if (complete && wrapper.children.length === 0) ctx.error(wrapper, `${wrapper.name} holds no comparison`);
    return undefined;
  }
  return complete ? comparisons : undefined;
}
