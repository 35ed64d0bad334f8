// `data-customs/detect`: find personal data in records and text, and classify it by taxonomy category.

export { CATEGORY as DETECTED_CATEGORIES } from './categories.js';
export { mrzCheckDigit } from './checksums/icao9303.js';
export { mod11_2Check, mod11_2Valid, mod11_10Check, mod97 } from './checksums/iso7064.js';
// Validators, usable on their own.
export { luhnCheckDigit, luhnValid } from './checksums/luhn.js';
export { verhoeffCheckDigit, verhoeffValid } from './checksums/verhoeff.js';
export type { Cue, FieldHint } from './cues.js';
export { hintForKey } from './cues.js';
export type { CsvOptions, CsvRow } from './input/csv.js';
export { CsvParser, rowRecord, sniffDelimiter } from './input/csv.js';
export type { JsonPiece } from './input/json-values.js';
export { JsonValueSplitter } from './input/json-values.js';
export type { Line } from './input/lines.js';
export { LineSplitter } from './input/lines.js';
export type {
  InputFormat,
  ScanResult,
  SourceLimits,
  SourceProblem,
  SourceReport,
  SourceScanOptions,
} from './input/source-scanner.js';
export { combineReports, INPUT_FORMATS, SourceScanner, sniffFormat } from './input/source-scanner.js';
export { maskValue } from './mask.js';
export type { CategorySummary, FieldSummary, ReportOptions, ScanReport } from './report.js';
export { ScanReportBuilder } from './report.js';
export {
  childPath,
  DEFAULT_MAX_VALUE_LENGTH,
  DEFAULT_MIN_CONFIDENCE,
  scanRecord,
  scanRecordHits,
  scanText,
  scanTextHits,
} from './scan.js';
export type { Finding, Hit, ScanOptions } from './types.js';
export type { CardCheck, CardScheme } from './validators/bank-card.js';
export { cardScheme, checkCard, isValidCard } from './validators/bank-card.js';
export { cpfCheckDigits, isValidCpf } from './validators/br-cpf.js';
export { isCnLandline, isCnMobile } from './validators/cn-phone.js';
export type { CnResidentId } from './validators/cn-resident-id.js';
export { isValidCnResidentId, parseCnResidentId } from './validators/cn-resident-id.js';
export { isCnPlate } from './validators/cn-vehicle-plate.js';
export { isValidDeTaxId } from './validators/de-tax-id.js';
export { isValidEmail } from './validators/email.js';
export { isValidNir } from './validators/fr-nir.js';
export { isValidNino } from './validators/gb-nino.js';
export { isPreciseCoordinate } from './validators/geo-coordinates.js';
export { hkidCheck, isValidHkid } from './validators/hk-identity-card.js';
export { IBAN_LENGTHS, isValidIban } from './validators/iban.js';
export { isValidNik } from './validators/id-nik.js';
export { isValidImei } from './validators/imei.js';
export { isValidAadhaar } from './validators/in-aadhaar.js';
export { isValidPersonalPan, panHolderType } from './validators/in-pan.js';
export { isValidMyNumber, myNumberCheckDigit } from './validators/jp-my-number.js';
export type { KrRrn } from './validators/kr-rrn.js';
export { isValidKrRrn, parseKrRrn } from './validators/kr-rrn.js';
export { isValidTd1, isValidTd2Line2, isValidTd3Line2 } from './validators/mrz.js';
export { isValidIpv4, isValidIpv6, isValidMac } from './validators/network.js';
export { POSTCODE_PATTERNS, postcodeCountries } from './validators/postcode.js';
export { isValidS10 } from './validators/s10-waybill.js';
export { isValidNric, nricCheckLetter } from './validators/sg-nric.js';
export { isValidBic } from './validators/swift-bic.js';
export { isValidThaiId } from './validators/th-national-id.js';
export { isValidTwNationalId } from './validators/tw-national-id.js';
export { isValidSsn } from './validators/us-ssn.js';
export { isValidCccd } from './validators/vn-cccd.js';
