export const xlsxMime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The largest file offered to the app: 40 MB, inside contract.ts's maxUploadBase64 (56 MB of
 * base64). Not imported from there, so that zod stays out of the renderer's bundle.
 */
export const maxUploadBytes = 40 * 1024 * 1024;

// A multiple of 3, so every piece encodes without padding and the pieces simply join.
const chunkBytes = 3 * 16 * 1024;

/** Base64 of a file, encoded a piece at a time (no giant argument list or string of bytes). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    const piece = bytes.subarray(at, at + chunkBytes);
    // fromCharCode takes array-likes through apply; 48 KB of arguments is well within limits.
    parts.push(btoa(String.fromCharCode.apply(null, piece as unknown as number[])));
  }
  return parts.join('');
}

const pdfMime = 'application/pdf';

/** Saves a file the app produced (base64) through the browser's download: a .pdf as PDF, else an .xlsx. */
export function downloadBase64(fileName: string, data: string): void {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  const type = fileName.toLowerCase().endsWith('.pdf') ? pdfMime : xlsxMime;
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started by now; keep the URL a while for slow save dialogs.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
