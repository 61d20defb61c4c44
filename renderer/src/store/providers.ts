import { api } from '../api/client.js';
import type { AsyncApiImport } from '../../../electron/shared/asyncapi.js';
import type { Provider } from '../../../electron/shared/hooks.js';
import type { Slice } from './slice.js';

/** The providers catalog (event types, hook defaults, option schemas), shared by the views that need it. */
export interface ProviderSlice {
  providers: Provider[];
  providersLoaded: boolean;
  providersError: string | null;
  loadProviders(): Promise<void>;
  /** Imports an AsyncAPI document as a provider; the catalog then lists it for every picker. */
  importAsyncApi(input: AsyncApiImport): Promise<Provider>;
}

export const providerSlice: Slice<ProviderSlice> = (set, get) => ({
  providers: [],
  providersLoaded: false,
  providersError: null,
  loadProviders: async () => {
    try {
      const { items } = await api<{ items: Provider[] }>('GET', '/api/providers');
      set({ providers: items, providersLoaded: true, providersError: null });
    } catch (error) {
      set({ providersLoaded: true, providersError: (error as Error).message });
    }
  },
  importAsyncApi: async (input) => {
    const provider = await api<Provider>('POST', '/api/providers/import/asyncapi', input);
    await get().loadProviders();
    return provider;
  },
});
