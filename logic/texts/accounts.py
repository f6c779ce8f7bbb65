"""Why an account change or a new password is refused (logic/auth/accounts.py, passwords.py), in both
languages: `auth.refused.<code>` and `auth.password.<code>`, filled from the error's values. The app shows
them in the user's language, the command line in English."""

DA = {
    "auth.password.too_short": "Adgangskoden skal have mindst {min} tegn (mellemrum alene tæller ikke).",
    "auth.password.too_long": "Adgangskoden må højst have {max} tegn.",
    "auth.password.weak": "Adgangskoden er for let at gætte (en almindelig adgangskode, et ord, et navn, et mønster eller en dato). Vælg en længere sætning af flere ord, der ikke hører sammen.",
    "auth.password.same": "Den nye adgangskode skal være en anden end den gamle.",
    "auth.refused.bad_username": "Et brugernavn har {min}-{max} tegn: bogstaverne a-z, cifre og . _ @ -",
    "auth.refused.bad_role": "Rollen skal være en af: {roles}.",
    "auth.refused.no_credential": "En konto skal have en adgangskode eller en e-mail til single sign-on.",
    "auth.refused.username_taken": 'Brugernavnet "{name}" findes allerede.',
    "auth.refused.email_taken": 'E-mailen "{email}" hører til en anden konto.',
    "auth.refused.email_too_long": "En e-mail må højst have {max} tegn.",
    "auth.refused.email_character": "E-mailen indeholder et tegn, der ikke er tilladt ({character}).",
    "auth.refused.email_invalid": "En e-mail er ét ord med @ mellem de to dele, fx navn@klinik.dk.",
    "auth.refused.unknown_user": 'Der er ingen bruger "{name}".',
    "auth.refused.own_account": "Du kan ikke deaktivere din egen konto.",
    "auth.refused.last_admin": "Klinikken skal have mindst én aktiv administrator: giv en anden konto rollen først.",
    "auth.refused.passwords_differ": "De to adgangskoder er ikke ens.",
}

EN = {
    "auth.password.too_short": "The password needs at least {min} characters (spaces alone do not count).",
    "auth.password.too_long": "The password may have at most {max} characters.",
    "auth.password.weak": "The password is too easy to guess (a common password, a word, a name, a pattern or a date). Choose a longer phrase of several unrelated words.",
    "auth.password.same": "The new password must differ from the old one.",
    "auth.refused.bad_username": "A user name has {min}-{max} characters: the letters a-z, digits and . _ @ -",
    "auth.refused.bad_role": "The role must be one of: {roles}.",
    "auth.refused.no_credential": "An account needs a password or an e-mail for single sign-on.",
    "auth.refused.username_taken": 'The user name "{name}" exists already.',
    "auth.refused.email_taken": 'The e-mail "{email}" belongs to another account.',
    "auth.refused.email_too_long": "An e-mail may have at most {max} characters.",
    "auth.refused.email_character": "The e-mail contains a character that is not allowed ({character}).",
    "auth.refused.email_invalid": "An e-mail is one word with an @ between its two parts, such as name@clinic.com.",
    "auth.refused.unknown_user": 'There is no user "{name}".',
    "auth.refused.own_account": "You cannot disable your own account.",
    "auth.refused.last_admin": "The clinic needs at least one active admin: give another account the role first.",
    "auth.refused.passwords_differ": "The two passwords differ.",
}
