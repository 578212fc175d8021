// The Northbound database's name and default remote (as ovn-nbctl), in a module of their own so the
// executable's first lines can use them without loading the client.
export const NB_DB = 'OVN_Northbound';
/** The Northbound remote used when neither `--db` nor `OVN_NB_DB` is given (as ovn-nbctl). */
export const DEFAULT_NB_REMOTE = 'unix:/var/run/ovn/ovnnb_db.sock';
