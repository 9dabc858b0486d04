// Checks shared by the cryptographic operations: key usage, and the material a member may use.
import { errors } from '../protocol/errors.js';
import { currentMaterialId } from './metadata.js';
import type { KeyUsage, MaterialVersion, RegionalKey, SharedKey } from './types.js';

export function assertUsage(shared: SharedKey, key: RegionalKey, usage: KeyUsage, operation: string): void {
  if (shared.keyUsage !== usage) {
    throw errors.invalidKeyUsage(
      `${key.arn} key usage is ${shared.keyUsage} which is not valid for ${operation}.`,
    );
  }
}

/** The current material version this member encrypts with. */
export function currentMaterial(shared: SharedKey, key: RegionalKey): MaterialVersion {
  const id = currentMaterialId(shared, key);
  const material = id === undefined ? undefined : shared.materials.find((version) => version.id === id);
  if (!material) throw errors.invalidState(`${key.arn} is pending import.`);
  return material;
}

/** A material version this member can decrypt with, or undefined. */
export function materialById(shared: SharedKey, key: RegionalKey, id: string): MaterialVersion | undefined {
  if (key.importedMaterialIds && !key.importedMaterialIds.includes(id)) return undefined;
  return shared.materials.find((version) => version.id === id);
}
