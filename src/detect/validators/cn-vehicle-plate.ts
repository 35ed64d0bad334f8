// Chinese motor vehicle plates (GA 36-2018): the one-character abbreviation of the province, the
// letter of the issuing authority, then five characters (letters except I and O, and digits), or six
// for new-energy vehicles (D or F first for small cars, last for large ones).

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

/** The pattern of a plate, for scanning text; group 0 is the plate. */
export const CN_PLATE_PATTERN = new RegExp(
  `[${PROVINCES}][A-HJ-NP-Z][·•.\\s-]?(?:[DF][A-HJ-NP-Z0-9]\\d{4}|\\d{5}[DF]|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳])(?![A-Za-z0-9])`,
  'gu',
);

/** True for a whole string that is a plate (`京A12345`, `粤B·D12345`). */
export function isCnPlate(value: string): boolean {
  CN_PLATE_PATTERN.lastIndex = 0;
  const m = CN_PLATE_PATTERN.exec(value.trim());
  return m !== null && m.index === 0 && m[0].length === value.trim().length;
}
