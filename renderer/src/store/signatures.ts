import { api, ApiError } from '../api/client.js';
import type { VerifyRequest, VerifyResult } from '../../../electron/shared/signatures.js';
import type { Slice } from './slice.js';

/** The signature debugger's last verdict, kept per capture so a new selection never shows an old one. */
export interface SignatureSlice {
  signatureVerdict: { captureId: string; result: VerifyResult } | null;
  signatureError: { captureId: string; message: string; field: string | undefined } | null;
  verifyingSignature: boolean;
  verifySignature(captureId: string, input: VerifyRequest): Promise<void>;
}

export const signatureSlice: Slice<SignatureSlice> = (set) => ({
  signatureVerdict: null,
  signatureError: null,
  verifyingSignature: false,

  async verifySignature(captureId, input) {
    set({ verifyingSignature: true, signatureError: null, signatureVerdict: null });
    try {
      const result = await api<VerifyResult>('POST', `/api/requests/${encodeURIComponent(captureId)}/verify`, input);
      set({ signatureVerdict: { captureId, result } });
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : new ApiError(0, 'error', String(caught));
      set({ signatureError: { captureId, message: error.message, field: error.field } });
    } finally {
      set({ verifyingSignature: false });
    }
  },
});
