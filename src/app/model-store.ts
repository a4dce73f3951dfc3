/**
 * Where the MNIST lab keeps models: IndexedDB (idb-keyval) for "save in this browser", plus
 * plain file download and upload. Bytes are model files (.gam); the worker checks them.
 */
import { createStore, del, entries, get, set } from 'idb-keyval';

const store = createStore('gradient-arcade', 'models');

export interface StoredModel {
  name: string;
  savedAt: string;
  bytes: Uint8Array;
  summary: string;
}

export async function saveInBrowser(model: StoredModel): Promise<void> {
  await set(model.name, model, store);
}

export async function listInBrowser(): Promise<Array<Omit<StoredModel, 'bytes'>>> {
  const all = await entries<string, StoredModel>(store);
  return all
    .map(([, m]) => ({ name: m.name, savedAt: m.savedAt, summary: m.summary }))
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export async function loadFromBrowser(name: string): Promise<Uint8Array> {
  const m = await get<StoredModel>(name, store);
  if (!m) throw new Error(`no model named "${name}" is saved in this browser`);
  return m.bytes;
}

export async function deleteFromBrowser(name: string): Promise<void> {
  await del(name, store);
}

export function downloadBytes(bytes: Uint8Array, filename: string): void {
  const blob = new Blob([bytes as BlobPart], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function readFileBytes(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}
