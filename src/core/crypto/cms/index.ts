// The CMS module's public surface.
export { signCms, type SignCmsParams } from './sign'
export { verifyCms, type VerifyCmsParams } from './verify'
export { envelopeCms, envelopedData, type EnvelopeCmsParams } from './envelope'
export { decryptCms, recoverContentKey, CmsDecryptError, type DecryptCmsParams, type DecryptErrorCode } from './decrypt'
export { canAgreeKeys, type KeyAgreement } from './key-agreement'
export type { Content } from './content'
export * from './report'
