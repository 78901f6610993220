/** The very hidden sheet a 記入用ブック carries: the export's token and its sheet → 職員番号 map. */
export const metaSheetName = '_kaname';
export const metaMarker = 'Kaname 記入用ブック';
