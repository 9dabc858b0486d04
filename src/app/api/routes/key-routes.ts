// The key routes: each key endpoint bound to its action (reads, the key lifecycle mutations, adopt).
import { adoptKey } from '../actions/adopt-key.js';
import { createKey } from '../actions/create-key.js';
import { cancelDeletion, deleteKey, deleteReplica } from '../actions/deletion.js';
import { addReplicas, promoteReplica, rotateKey, updateKey } from '../actions/key-mutations.js';
import { getDrift } from '../actions/read-drift.js';
import { getKey, listKeys } from '../actions/read-keys.js';
import { reconcileKey } from '../actions/reconcile-key.js';
import { KEY_ENDPOINTS as E } from '../endpoints/key-endpoints.js';
import { bindRoute, type Route } from './route.js';

export const KEY_ROUTES: readonly Route[] = [
  bindRoute(E.createKey, createKey),
  bindRoute(E.listKeys, listKeys),
  bindRoute(E.getKey, getKey),
  bindRoute(E.updateKey, updateKey),
  bindRoute(E.addReplicas, addReplicas),
  bindRoute(E.deleteReplica, deleteReplica),
  bindRoute(E.promoteReplica, promoteReplica),
  bindRoute(E.rotateKey, rotateKey),
  bindRoute(E.deleteKey, deleteKey),
  bindRoute(E.cancelDeletion, cancelDeletion),
  bindRoute(E.getDrift, getDrift),
  bindRoute(E.reconcileKey, reconcileKey),
  bindRoute(E.adoptKey, adoptKey),
];
