// KMS request quotas for client-side rate limits: the one table lives in src/core/kms/request-quotas.ts.
export { DEFAULT_KMS_QUOTA, KMS_MANAGEMENT_QUOTAS, kmsQuotaOf } from '../../../core/kms/request-quotas.js';
