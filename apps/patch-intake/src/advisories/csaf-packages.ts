import { AdvisoryError } from './advisory-error';
import { PackageCandidate } from './conversion.types';
import { checkVersionAt } from './ecosystem-checks';
import { CsafProduct, CsafProductTree } from './csaf-product-tree';
import { parsePurl, Purl } from './purl';

/** A product id listed in vulnerabilities[].product_status.fixed / first_fixed, with where it was listed. */
export interface FixedProductRef {
  id: string;
  path: string;
}

/** Either a package, or why this fixed product names no installable package. */
export type Resolution = { package: PackageCandidate } | { skipped: string };

const RED_HAT_CPE = /^cpe:\/[ao]:redhat:(.+)$/;

/** OSV's Red Hat ecosystem naming: "Red Hat:" + the CPE after "cpe:/[ao]:redhat:" (as osv-schema's converter does). */
function redHatEcosystem(platform: CsafProduct | undefined): { ecosystem: string; path: string } | undefined {
  const match = RED_HAT_CPE.exec(platform?.cpe ?? '');
  if (!platform || !match) return undefined;
  return { ecosystem: `Red Hat:${match[1]}`, path: `${platform.path}.product_identification_helper.cpe` };
}

function purlAt(product: CsafProduct & { purl: string }): Purl {
  try {
    return parsePurl(product.purl);
  } catch (error) {
    throw AdvisoryError.at(`${product.path}.product_identification_helper.purl`, (error as Error).message);
  }
}

function rpmPackage(ref: FixedProductRef, component: CsafProduct & { purl: string }, platform: CsafProduct | undefined): Resolution {
  const purl = purlAt(component);
  const purlPath = `${component.path}.product_identification_helper.purl`;
  if (purl.type !== 'rpm' || purl.namespace.join('/') !== 'redhat') {
    return { skipped: `${ref.id}: ${component.purl} is not a Red Hat RPM (only pkg:rpm/redhat/… is converted)` };
  }
  if (purl.version === undefined) return { skipped: `${ref.id}: ${component.purl} has no version` };
  const platformEcosystem = redHatEcosystem(platform);
  if (platformEcosystem === undefined) {
    return { skipped: `${ref.id}: no Red Hat platform CPE (cpe:/o:redhat:… or cpe:/a:redhat:…) through product_tree.relationships, so the ecosystem is unknown` };
  }
  const { ecosystem, path: ecosystemPath } = platformEcosystem;
  const fixedVersion = `${purl.qualifiers.get('epoch') ?? '0'}:${purl.version}`;
  checkVersionAt(ecosystem, fixedVersion, purlPath);
  return { package: { value: { ecosystem, name: purl.name, fixedVersion }, from: { ecosystem: ecosystemPath, name: purlPath, fixedVersion: purlPath } } };
}

function productAt(tree: CsafProductTree, id: string, path: string): CsafProduct {
  const product = tree.products.get(id);
  if (!product) throw AdvisoryError.at(path, `product ${JSON.stringify(id)} is not defined in product_tree`);
  return product;
}

/** The package a fixed product id stands for: via its relationship (component on platform) or directly. */
export function resolveFixedProduct(tree: CsafProductTree, ref: FixedProductRef): Resolution {
  const relationship = tree.relationships.get(ref.id);
  const component = relationship
    ? productAt(tree, relationship.component, `${relationship.path}.product_reference`)
    : productAt(tree, ref.id, ref.path);
  const platform = relationship ? productAt(tree, relationship.platform, `${relationship.path}.relates_to_product_reference`) : undefined;
  if (component.purl === undefined) {
    return { skipped: `${ref.id}: ${component.path}.product_identification_helper.purl is missing, so the package to install is unknown` };
  }
  return rpmPackage(ref, { ...component, purl: component.purl }, platform);
}
