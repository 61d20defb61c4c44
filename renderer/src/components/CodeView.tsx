import { useEffect, useRef } from 'react';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';

/** The nonce the server put in this page's CSP for CodeMirror's own style sheet. */
const styleNonce = document.querySelector<HTMLMetaElement>('meta[name="hookbench-style-nonce"]')?.content ?? '';

/** Lighter twins of CodeMirror's default token colours, which are too dark to read on the dark theme's background. */
const DARK_TWINS: Record<string, string> = {
  '#404740': '#b0b8b0',
  '#708': '#d08cff',
  '#219': '#8fa8ff',
  '#164': '#6fd3a0',
  '#a11': '#ff9c8c',
  '#e40': '#ff9e60',
  '#00f': '#8cb4ff',
  '#30a': '#b59cff',
  '#085': '#5fd2a0',
  '#167': '#6fc8d8',
  '#256': '#7fc0d8',
  '#00c': '#8cb4ff',
  '#940': '#e0b060',
  '#f00': '#ff8080',
};

/** The default highlighting, each colour picked by the OS theme through CSS light-dark(). */
const highlightStyle = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) =>
    typeof spec.color === 'string' && DARK_TWINS[spec.color]
      ? { ...spec, color: `light-dark(${spec.color}, ${DARK_TWINS[spec.color]})` }
      : spec,
  ),
);

export interface CodeViewProps {
  value: string;
  /** JSON gets highlighting and folding; text is shown as is. */
  language?: 'json' | 'text';
  /** With onChange the view is an editor; without, read-only. */
  onChange?: (value: string) => void;
  /** Problems to mark inline (editor only). */
  diagnostics?: Diagnostic[];
  label: string;
}

/**
 * CodeMirror 6 for bodies and payloads: highlighted, foldable, searchable. Content is always
 * text in the editor's document, never HTML, so a captured `<script>` is just characters.
 */
export function CodeView({ value, language = 'json', onChange, diagnostics, label }: CodeViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  const editable = onChange !== undefined;

  useEffect(() => {
    const extensions = [
      lineNumbers(),
      foldGutter(),
      bracketMatching(),
      syntaxHighlighting(highlightStyle, { fallback: true }),
      keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap]),
      EditorView.lineWrapping,
      EditorView.cspNonce.of(styleNonce),
      // tabindex: a tall document scrolls, and axe wants a scrolling region reachable by keyboard.
      EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
      EditorState.readOnly.of(!editable),
      EditorView.editable.of(editable),
      ...(language === 'json' ? [json()] : []),
      ...(editable
        ? [
            history(),
            lintGutter(),
            EditorView.updateListener.of((update) => update.docChanged && changed.current?.(update.state.doc.toString())),
          ]
        : []),
    ];
    const created = new EditorView({ parent: host.current!, state: EditorState.create({ doc: value, extensions }) });
    view.current = created;
    return () => created.destroy();
    // The editor is rebuilt only when its kind changes; value changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language, editable, label]);

  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== value) {
      current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    if (view.current && editable) view.current.dispatch(setDiagnostics(view.current.state, diagnostics ?? []));
  }, [diagnostics, editable]);

  return <div className={`code ${editable ? 'editable' : ''}`} ref={host} />;
}
