import { AdvisoryError } from './advisory-error';
import { JsonObject, objectAt, optionalArrayAt, optionalObjectAt, optionalStringAt, stringAt } from './json-reader';

/** A product defined in the product tree (a branch's `product` or a full_product_names entry). */
export interface CsafProduct {
  id: string;
  /** Where it is defined, e.g. "product_tree.branches[0].branches[3].branches[1].product". */
  path: string;
  purl?: string;
  cpe?: string;
}

/** A relationship product: a component (the package) installed on a platform (the OS product). */
export interface CsafRelationship {
  id: string;
  path: string;
  component: string;
  platform: string;
}

export interface CsafProductTree {
  products: ReadonlyMap<string, CsafProduct>;
  relationships: ReadonlyMap<string, CsafRelationship>;
}

function readProduct(value: unknown, path: string): CsafProduct {
  const product = objectAt(value, path);
  const helperPath = `${path}.product_identification_helper`;
  const helper = optionalObjectAt(product.product_identification_helper, helperPath);
  return {
    id: stringAt(product.product_id, `${path}.product_id`),
    path,
    purl: optionalStringAt(helper?.purl, `${helperPath}.purl`),
    cpe: optionalStringAt(helper?.cpe, `${helperPath}.cpe`),
  };
}

function branchProducts(branches: unknown, path: string): CsafProduct[] {
  return optionalArrayAt(branches, path).flatMap((item, index) => {
    const branchPath = `${path}[${index}]`;
    const branch = objectAt(item, branchPath);
    const own = branch.product === undefined ? [] : [readProduct(branch.product, `${branchPath}.product`)];
    return [...own, ...branchProducts(branch.branches, `${branchPath}.branches`)];
  });
}

function readRelationship(value: unknown, path: string): CsafRelationship {
  const relationship = objectAt(value, path);
  const product = objectAt(relationship.full_product_name, `${path}.full_product_name`);
  return {
    id: stringAt(product.product_id, `${path}.full_product_name.product_id`),
    path,
    component: stringAt(relationship.product_reference, `${path}.product_reference`),
    platform: stringAt(relationship.relates_to_product_reference, `${path}.relates_to_product_reference`),
  };
}

function byId<T extends { id: string; path: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const earlier = map.get(item.id);
    if (earlier) throw AdvisoryError.at(item.path, `product_id ${JSON.stringify(item.id)} is already defined at ${earlier.path}`);
    map.set(item.id, item);
  }
  return map;
}

/** Indexes every product and relationship of a CSAF product_tree by product_id. */
export function readProductTree(value: unknown): CsafProductTree {
  const tree: JsonObject = value === undefined ? {} : objectAt(value, 'product_tree');
  const named = optionalArrayAt(tree.full_product_names, 'product_tree.full_product_names')
    .map((item, index) => readProduct(item, `product_tree.full_product_names[${index}]`));
  const relationships = optionalArrayAt(tree.relationships, 'product_tree.relationships')
    .map((item, index) => readRelationship(item, `product_tree.relationships[${index}]`));
  return {
    products: byId([...branchProducts(tree.branches, 'product_tree.branches'), ...named]),
    relationships: byId(relationships),
  };
}
