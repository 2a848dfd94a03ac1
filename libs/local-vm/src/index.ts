// Public API of @patchproof/local-vm: the `local` driver's machinery (VMs as Linux network namespaces).
export { LocalVmDriver, environmentVms, serverAddress } from './driver';
export type { EnvironmentVm } from './driver';
export { reap } from './reaper';
export type { ReapOptions, ReapReport } from './reaper';
export { RETENTION_MODES } from './replica';
export type { ReplicaResult, ReleaseOutcome } from './replica';
export { parseHaproxyConfig } from './extract';
export { checkLocalDriverSupport, assertLocalDriverSupported } from './support';
export type { LocalDriverSupport } from './support';
export { SHIPPED_TEMPLATES, isShippedTemplate, shippedTemplate } from './shipped-templates';
export type { ShippedTemplateName } from './shipped-templates';
export { buildDebPackage } from './deb-package';
export type { BuiltDeb, DebPackageSpec } from './deb-package';
export { ensureHostPackages, missingHostTools, HOST_TOOLS } from './host-packages';
export { ensureBaseImage, findBaseImage, imageId, imagePackageSet, BASE_PACKAGES, IMAGE_RECIPE_VERSION } from './base-image';
export type { BaseImage, BaseImageOptions, EnsuredImage } from './base-image';
export {
  parseTemplate,
  validateTemplate,
  renderTemplate,
  checkTemplate,
  loadTemplateFile,
  servicesProvidedBy,
  SERVICE_NAMES,
  SERVICE_PACKAGES,
  HEAT_TEMPLATE_VERSIONS,
  RESOURCE_TYPES,
} from './template';
export type { Template, NetworkSpec, RouterSpec, ServerSpec, ServerNic, VolumeSpec, LoadBalancerSpec, ServiceName, ResourceType } from './template';
export { resolveConfig, DEFAULT_STATE_DIR, DEFAULT_IMAGES_DIR, DEFAULT_PREFIX, DEFAULT_ADDRESS_POOL } from './config';
export type { LocalVmOptions, LocalVmConfig } from './config';
export { allocateSubnets, parseCidr, formatCidr, parseIpv4, formatIpv4 } from './address';
export type { Cidr } from './address';
export type { Environment, EnvironmentKind, EnvironmentStatus, RetentionMode, NetworkRecord, NicRecord, ServerRecord, RouterRecord, VolumeRecord } from './state';
export type { InstalledPackage } from './packages';
export type { RunResult } from './exec';
export type { ExecOptions } from './vm';
export { AddressPoolExhaustedError, LocalVmError, LocalDriverUnsupportedError, NotFoundError, TemplateValidationError, HostCommandError } from './errors';
export type { TemplateIssue } from './errors';
