/** Settings a user (or a test) can put in the page URL, e.g. `?backend=webgpu`. */
import { type BackendRequest, isBackendName } from '../nn/backend-names';

export function backendFromUrl(search = location.search): BackendRequest {
  const value = new URLSearchParams(search).get('backend');
  return value && isBackendName(value) ? value : 'auto';
}
