/** Handshake presets: inbox rules that pass a provider's endpoint verification (GET /api/handshakes). */
import { Type, type Static } from '@sinclair/typebox';

export const HandshakeParameter = Type.Object({
  name: Type.String(),
  label: Type.String(),
  description: Type.String(),
  /** A secret (Zoom's secret token): the GUI asks for it in a password field. */
  secret: Type.Boolean(),
});
export type HandshakeParameter = Static<typeof HandshakeParameter>;

export const HandshakePreset = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  /** The provider's page that describes the handshake. */
  docs: Type.String(),
  parameters: Type.Array(HandshakeParameter),
});
export type HandshakePreset = Static<typeof HandshakePreset>;

export const HandshakePresetList = Type.Object({ items: Type.Array(HandshakePreset) });
export type HandshakePresetList = Static<typeof HandshakePresetList>;

/** POST /api/inboxes/:id/handshakes: adds the preset's rules at the top, replacing the ones it added before. */
export const HandshakeApply = Type.Object(
  {
    preset: Type.String({ minLength: 1, maxLength: 64 }),
    params: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);
export type HandshakeApply = Static<typeof HandshakeApply>;
