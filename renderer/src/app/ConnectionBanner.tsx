import { useStore } from '../store/index.js';

/** Says when the server is away; the stream reconnects by itself and the banner goes. */
export function ConnectionBanner() {
  const connection = useStore((state) => state.connection);
  const everOnline = useStore((state) => state.health !== null);
  if (connection === 'online' || (connection === 'connecting' && !everOnline)) return null;
  return (
    <div className="banner error" role="alert">
      Hookbench is not answering. Reconnecting by itself… (if you stopped it, start it again with <code>hookbench serve</code>)
    </div>
  );
}
