// Latin-script text: Western addresses by structure (house number and street type in English,
// German, French, Spanish, Portuguese, Vietnamese and Indonesian, then postcode and city), and
// person names introduced by honorifics, self-introductions ("my name is", "je m'appelle", "tên tôi
// là") or a signature after a closing ("Regards,\nJohn Smith").

import { CATEGORY } from '../categories.js';
import { cueAt, emit, forConsignee, matches, type ValueScan } from '../engine.js';

const CAP = String.raw`\p{Lu}[\p{Ll}\p{M}'’-]+`;
const PARTICLE = '(?:van|von|der|den|de|del|della|da|das|do|dos|di|du|la|le|bin|binti|al|el|y|e)';
const NAME = String.raw`${CAP}(?:[ \t]+(?:${PARTICLE}[ \t]+)?${CAP}){0,3}`;
const NAME2 = String.raw`${CAP}(?:[ \t]+(?:${PARTICLE}[ \t]+)?${CAP}){1,3}`;

const HONORIFIC = new RegExp(
  String.raw`(?<![\p{L}])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Frau|Mme|Mlle|Monsieur|Madame|Sr|Sra|Srta|Señor|Señora|Sig|Sig\.ra|Dona|Anh|Chị|Ông|Bà|Em|Bapak|Pak|Ibu|Bu|Kak|Mas|Mbak)\.?[ \t]+(${NAME})`,
  'gu',
);
const INTRO = new RegExp(
  String.raw`(?:my name is|my name's|name:|je m'appelle|je m’appelle|mon nom est|ich heiße|ich heisse|mein name ist|me llamo|mi nombre es|meu nome é|me chamo|tên tôi là|tôi tên là|em tên là|tên của tôi là|nama saya|perkenalkan,? saya|nama:|customer:|cliente:|client :|client:|kunde:|recipient:|destinatario:|destinataire :|empfänger:)[ \t]+(${NAME})`,
  'giu',
);
const INTRO2 = new RegExp(
  String.raw`(?:\bI am|\bI'm|\bthis is|je suis|ich bin|\bsoy|\bsou|tôi là|\bsaya)[ \t]+(${NAME2})`,
  'gu',
);
const SIGNATURE = new RegExp(
  String.raw`(?:regards|best regards|kind regards|warm regards|thanks|thank you|cheers|sincerely|best|mit freundlichen grüßen|viele grüße|liebe grüße|beste grüße|grüße|cordialement|bien à vous|bien cordialement|merci|saludos|atentamente|un saludo|atenciosamente|abraços|obrigad[oa]|trân trọng|cảm ơn|salam|hormat saya|terima kasih)[,!.]?[ \t]*(?:\r?\n|[ \t]-[ \t]?)[ \t]*(${NAME})[ \t]*(?=\r?\n|$)`,
  'giu',
);
const NOT_NAMES = new Set([
  'Customer',
  'Service',
  'Support',
  'Team',
  'Sales',
  'Order',
  'Thanks',
  'Hello',
  'Hi',
  'Dear',
  'The',
  'We',
  'Our',
  'Kundenservice',
  'Service Client',
  'Equipe',
  'Équipe',
  'Atención',
  'Cliente',
  'Happy',
  'Sorry',
  'Sure',
  'Ok',
  'Okay',
  'Yes',
  'No',
  'Not',
  'Going',
  'Looking',
  'Waiting',
  'Writing',
  'Calling',
  'Here',
  'Back',
  'Still',
  'Very',
  'So',
  'Glad',
  'Interested',
  'Just',
  'Also',
  'Trying',
]);

function nameOk(name: string): boolean {
  const first = name.split(/[ \t]+/)[0]!;
  return !NOT_NAMES.has(first) && !NOT_NAMES.has(name);
}

/** Finds Latin-script names introduced by honorifics, introductions and signatures. */
export function detectLatinNames(v: ValueScan): void {
  const t = v.text;
  for (const re of [HONORIFIC, INTRO, INTRO2, SIGNATURE]) {
    for (const m of matches(re, t)) {
      const name = m[1]!;
      if (!nameOk(name)) continue;
      const at = m.index + m[0].lastIndexOf(name);
      const conf = re === INTRO2 ? 0.75 : re === SIGNATURE ? 0.82 : 0.87;
      emit(v, at, at + name.length, forConsignee(v, CATEGORY.name), 'latin_name', conf);
    }
  }
}

const WORDS = String.raw`(?:[\p{Lu}\d][\p{L}\p{M}'’.-]*[ \t]+){0,4}`;
// Street types (USPS Publication 28 Appendix C, plus British ones).
const STREET_TYPES =
  'Expressway|Extensions|Trafficway|Throughway|Stravenue|Extension|Mountains|Junctions|Boulevard|Crossroad|Underpass|Villages|Motorway|Parkways|Crossing|Marginal|Junction|Crescent|Causeway|Turnpike|Mountain|Overpass|Viaduct|Circles|Passage|Highway|Orchard|Streets|Gardens|Heights|Meadows|Trailer|Springs|Parkway|Freeway|Gateway|Harbors|Corners|Islands|Terrace|Centers|Commons|Village|Valleys|Estates|Mission|Harbour|Prairie|Landing|Squares|Station|Drives|Summit|Arcade|Ridges|Center|Island|Valley|Harbor|Circle|Garden|Common|Branch|Shoals|Stream|Course|Forest|Unions|Points|Bypass|Bottom|Skyway|Bluffs|Lights|Avenue|Hollow|Forges|Radial|Shores|Canyon|Corner|Spring|Square|Groves|Bridge|Cliffs|Fields|Manors|Tunnel|Meadow|Divide|Courts|Greens|Brooks|Knolls|Street|Estate|Rapids|Centre|Plains|Plaza|Ridge|Creek|Curve|Roads|Mount|Shore|Point|Place|Rapid|Forge|Ferry|Crest|Coves|Trail|Ports|Union|Vista|Cliff|Locks|Spurs|Wells|Shoal|Light|Knoll|Inlet|Glens|Bayou|Burgs|Drove|Lodge|Close|Parks|Ranch|Falls|Green|Bluff|Hills|Annex|Flats|Lakes|Manor|Views|Route|Ville|Forks|Track|Beach|Mills|Brook|Fords|Court|Drive|River|Pines|Grove|Haven|Field|Alley|Trace|Plain|Walks|View|Path|Loaf|Mews|Wall|Ford|Pkwy|Oval|Park|Mall|Fall|Cove|Blvd|Rest|Ramp|Club|Yard|Lake|Pike|Cape|Gate|Lock|Port|Isle|Keys|Burg|Spur|Loop|Hill|Ways|Flat|Dale|Lane|Neck|Wynd|Glen|Road|Fork|Mill|Walk|Well|Land|Pass|Fort|Camp|Side|Bend|Pine|Rise|Row|Ave|Way|Dam|Rue|Hwy|Key|Cir|Via|Run|End|Sq|Ct|St|Pl|Rd|Av|Ln|Dr';
const EN_STREET = new RegExp(
  String.raw`(?<![\p{L}\d])\d{1,6}[A-Za-z]?[ \t]+${WORDS}(?:${STREET_TYPES})\.?(?![\p{L}])(?:,?[ \t]+(?:Apt\.?|Apartment|Suite|Unit|Ste\.?|#|Flat|Fl\.?|Floor)[ \t]*[A-Za-z0-9-]+)?`,
  'gu',
);
const EN_GATE = new RegExp(`\\b(?:${STREET_TYPES})\\b`);
const DE_STREET =
  /(?<![\p{L}])[\p{Lu}][\p{L}-]*(?:straße|strasse|str\.|Str\.|Straße|Strasse|weg|Weg|gasse|allee|platz|Platz|ring|damm|ufer|chaussee|steig|pfad)[ \t]+\d{1,4}[ \t]?[a-zA-Z]?(?![\p{L}\d])/gu;
const DE_GATE =
  /(?:straße|strasse|str\.|Str\.|weg|Weg|gasse|allee|platz|Platz|ring|damm|ufer|chaussee|steig|pfad)[ \t]+\d/;
const FR_STREET =
  /(?<![\p{L}\d])\d{1,4}(?:[ \t]?(?:bis|ter))?,?[ \t]+(?:rue|avenue|av\.|boulevard|bd|place|allée|chemin|impasse|quai|route|cours|square|passage|voie)[ \t]+(?:(?:de la|de l'|de l’|du|des|de|d'|d’)[ \t]*)?[\p{Lu}][\p{L}'’-]*(?:[ \t]+[\p{Lu}][\p{L}'’-]*){0,3}/giu;
const FR_GATE =
  /\b(?:rue|avenue|av\.|boulevard|bd|place|allée|chemin|impasse|quai|route|cours|square|passage|voie)\b/i;
const ES_PT_STREET =
  /(?<![\p{L}])(?:Calle|C\/|Avenida|Avda\.?|Av\.|Plaza|Pza\.|Paseo|Camino|Carretera|Ronda|Travesía|Solar|Rua|Travessa|Praça|Alameda|Estrada|Rodovia|Largo|Via)[ \t]+[\p{L}\p{M}'’. -]{2,40}?,?[ \t]+(?:n[ºo°.]?[ \t]?)?\d{1,5}(?:[ \t]?[A-Za-z](?![\p{L}]))?(?:,?[ \t]+\d+º?[ \t]?[A-Za-zº]?(?![\p{L}]))?/gu;
const ES_PT_GATE =
  /(?:Calle|C\/|Avenida|Avda|Av\.|Plaza|Pza\.|Paseo|Camino|Carretera|Ronda|Travesía|Solar|Rua|Travessa|Praça|Alameda|Estrada|Rodovia|Largo|Via) /;
const VI_STREET = new RegExp(
  String.raw`(?<![\p{L}\d])(?:Số[ \t]+)?\d{1,5}[A-Z]?(?:/\d{1,4})*[ \t]+(?:đường|Đường|phố|Phố|ngõ|Ngõ|hẻm|Hẻm)[ \t]+${CAP}(?:[ \t]+${CAP}){0,4}`,
  'gu',
);
const VI_GATE = /đường|Đường|phố|Phố|ngõ|Ngõ|hẻm|Hẻm/;
const ID_STREET = new RegExp(
  String.raw`(?<![\p{L}])(?:Jl\.|Jln\.|Jalan|Gg\.|Gang|Psr\.|Pasar)[ \t]*${CAP}(?:[ \t]+${CAP}){0,4}(?:,?[ \t]+(?:No\.?|Nomor)[ \t]?\d+[A-Z]?)?`,
  'gu',
);
const ID_GATE = /Jl\.|Jln\.|Jalan|Gg\.|Gang|Psr\.|Pasar/;
// After a street: `, 10115 Berlin`, `, Paris 75007`, `, Springfield, IL 62704`, `, SW1A 1AA London`.
const LOCALITY =
  /^(?:,?[ \t]*(?:\n[ \t]*)?(?:\d{4,5}(?:-\d{3,4})?[ \t]+[\p{Lu}][\p{L}-]+(?:[ \t][\p{Lu}][\p{L}-]+)?|[\p{Lu}][\p{L}-]+(?:[ \t][\p{Lu}][\p{L}-]+)?,?[ \t]+(?:[A-Z]{2}[ \t]+)?\d{4,5}(?:-\d{3,4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}(?:[ \t]+[\p{Lu}][\p{L}-]+)?))/u;

/** Finds Western street addresses (and the postcode and city right after them). */
export function detectWesternAddresses(v: ValueScan): void {
  const t = v.text;
  if (v.features.digits === 0) return;
  // Each structure is tried only when its street words occur (a cheap test on literals).
  const forms: [RegExp, RegExp][] = [
    [EN_STREET, EN_GATE],
    [DE_STREET, DE_GATE],
    [FR_STREET, FR_GATE],
    [ES_PT_STREET, ES_PT_GATE],
    [VI_STREET, VI_GATE],
    [ID_STREET, ID_GATE],
  ];
  for (const [re, gate] of forms) {
    if (!gate.test(t)) continue;
    for (const m of matches(re, t)) {
      let end = m.index + m[0].length;
      const loc = LOCALITY.exec(t.slice(end, end + 60));
      if (loc !== null) end += loc[0].length;
      const cue = cueAt(v, m.index);
      const conf = cue === 'address' || cue === 'street' ? 0.93 : loc !== null ? 0.88 : 0.8;
      emit(v, m.index, end, forConsignee(v, CATEGORY.address), 'street_address', conf);
    }
  }
}
