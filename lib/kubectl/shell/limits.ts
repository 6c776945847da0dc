// One command-line limit for the whole path a line takes: the browser terminal refuses a longer line
// before sending it, the exercise API answers 413 for it, and the shell prints bash's "command line too
// long" for it. A heredoc (the lines up to its terminator) is one command line. 16 KiB holds a heredoc
// with a Deployment, a Service and a ConfigMap; longer content belongs in a file saved from the editor
// (256 KiB). Pure, with no imports: the browser bundle imports it too.

/** The longest command line, in UTF-8 bytes, that the terminal sends, the API accepts and the shell runs. */
export const MAX_COMMAND_LINE_BYTES = 16 * 1024;

/** The UTF-8 length of a string (what `Buffer.byteLength` answers), without allocating. */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3; // BMP characters, and lone surrogates (encoded as U+FFFD)
  }
  return n;
}
