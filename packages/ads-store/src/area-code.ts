/** A delivery area code, e.g. `seoul-gangnam`: a-z, 0-9 and -, 2 to 40 characters (the contract's rule, for campaigns and slates alike). */
export const AREA_CODE = /^[a-z0-9-]{2,40}$/;
