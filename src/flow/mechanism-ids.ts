/**
 * The starter catalogue of mechanism, exemption, obligation and prohibition ids (DESIGN.md
 * "Mechanism and obligation ids"). Rulebooks add more; a flow naming an id outside the catalogue it
 * is checked against gets a warning, not an error, since a newer rulebook may define it.
 */
export const STARTER_MECHANISM_IDS: ReadonlySet<string> = new Set([
  'cn.exempt.no_personal_info',
  'cn.exempt.transit',
  'cn.exempt.contract_necessity',
  'cn.exempt.hr',
  'cn.exempt.emergency',
  'cn.exempt.volume',
  'cn.exempt.ftz_list',
  'cn.security_assessment',
  'cn.standard_contract',
  'cn.certification',
  'cn.separate_consent',
  'cn.notice',
  'cn.pipia',
  'eu.not_a_transfer',
  'eu.adequacy',
  'eu.dpf',
  'eu.scc',
  'eu.bcr',
  'eu.code_of_conduct',
  'eu.certification',
  'eu.derogation.consent',
  'eu.derogation.contract',
  'eu.derogation.legal_claims',
  'eu.derogation.vital_interests',
  'eu.tia',
  'gb.adequacy',
  'gb.idta',
  'gb.addendum',
  'gb.bcr',
  'ch.adequacy',
  'ch.scc',
  'ch.bcr',
  'us.doj.prohibited',
  'us.doj.restricted',
  'us.doj.exempt',
  'us.doj.cisa_security_requirements',
]);

/** Id families whose members are open-ended (`gb.exception.*`). */
export const STARTER_MECHANISM_PREFIXES: readonly string[] = ['gb.exception.', 'ch.exception.', 'us-ca.'];
