#!/usr/bin/env python3
"""Writes a generated population of Active Directory users as JSON Lines, the input of
`synclens diff OLD NEW --sample FILE` in `bench/sample.sh`.

    python3 bench/population.py N OUT.jsonl [--seed S] [--collide K]

Each user carries the 12 source attributes that the scope and the attribute mappings of
`user -> User` in testdata/valid/ad-to-entra-cloudsync.schema.json read (as strings, the
way testdata/samples/ad-users.jsonl writes them): objectGUID, sAMAccountName,
userPrincipalName, mailNickname, givenName, sn, displayName, distinguishedName,
adminDescription, isCriticalSystemObject, msExchRecipientTypeDetails and
userAccountControl. About 2 % of the users miss an optional one (or have it empty), and a
few percent are out of the mapping's scope (a critical system object, outside
OU=Cloud, a write-back "User_…"); a missing adminDescription keeps a user in scope, as in
Cloud Sync (the exclusion does not apply to an attribute without a value).
msExchRecipientTypeDetails takes only values (0, 4, 128, 2147483648, 34359738368) that
the default clause `!& 566259712` (a bit test) keeps in scope.
bench/sample-schema.py's scope change moves "User_Imported" users into scope and
"Test_Account" users out of it. objectGUID, sAMAccountName, mailNickname,
userPrincipalName and the CN of distinguishedName end with the user's number, so they are
unique. Names are drawn from lists, some with accents.

--collide K: K pairs of users in scope whose userPrincipalNames differ only in the domain
(`@contoso.test` and `@example.test`), which the new schema's UserPrincipalName mapping
rewrites to `@contoso.test`: collisions that appear only after the change.

The file is written in batches, never held in memory, and is the same for the same N,
seed and K (1,000,000 users, about 0.5 GB, take about 10 s).
"""

import argparse
import os
import random
import sys
import unicodedata

GIVEN = """James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William
Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel
Nancy Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Andrew
Emily Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah
Timothy Stephanie Ronald Rebecca Jason Sharon Edward Laura Jeffrey Cynthia Ryan Amy Jacob
Kathleen Gary Angela Nicholas Shirley Eric Brenda Jonathan Emma Stephen Anna Larry Pamela
Justin Nicole Scott Samantha Brandon Katherine Benjamin Christine Samuel Helen Gregory
Rachel Alexander Olivia Patrick Sophie Frank Lucas Raymond Hannah Jack Mia Dennis Noah
Jerry Lea Tyler Finn Aaron Ida Henry Oliver Jose Yuki Adam Priya Nathan Arjun Douglas Mei
Zachary Kenji Peter Fatima Kyle Omar Walter Aisha Ethan Ravi Jeremy Ingrid Harold Lars
Zoë Chloé Jérôme Renée André Björn Åsa Søren François Mónica Łukasz Zoltán Małgorzata
Jürgen Inés Ólafur Siân Dagný Hélène Raphaël Agnès Márta Tomáš Jiří Noémie Joël Lucía
Ramón Çağla Gökhan Dmitrij Ðorđe Frédéric Anaïs Bärbel Kåre Åse Øystein Márcio João
Anne-Marie Jean-Luc Mary-Kate""".split()

SURNAMES = """Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas
Moore Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King
Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell
Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed
Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray James Hughes
Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan Fisher Schmidt
Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf
Neumann Schwarz Zimmermann Braun Hofmann Hartmann Krause Werner Lange Schmitt Krüger
Müller Schäfer Böhm Jäger Köhler Günther Weiß Vogel Friedrich Keller Dubois Lefèvre Moreau
Laurent Fontaine Girard Rousseau Bonnet Mercier Chevalier Gauthier Perrin Lemaître Hébert
García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores
Rivera Gómez Díaz Muñoz Álvarez Romero Jiménez Ruiz Navarro Domínguez Núñez Peña Castaño
Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Dąbrowski
Novák Svoboda Dvořák Černý Procházka Kučera Veselý Horák Němec Šimůnek Nielsen Jensen
Hansen Pedersen Andersen Sørensen Jørgensen Ødegaard Håkansson Lindqvist Öberg Åström
Johansson Karlsson Nilsson Eriksson Larsson Virtanen Mäkinen Hämäläinen Nguyen Tran Le
Pham Hoang Huynh Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Sato Suzuki Takahashi
Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Kim Lee Park Choi Jung Kang Cho
Yilmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan Doğan Kılıç Patel Shah
Singh Kumar Sharma Gupta Iyer Reddy Rao Nair O'Brien O'Connor O'Neill MacDonald McCarthy
Smith-Jones Lloyd-Webber García-Márquez Müller-Lüdenscheidt""".split()

SITES = [f"{site},OU={region}" for region, sites in (
    ("Americas", "Seattle Montréal São-Paulo Austin"),
    ("EMEA", "Berlin Lyon Kraków Zürich Dublin Madrid Göteborg Brno"),
    ("APAC", "Singapore Tokyo Mumbai")) for site in sites.split()]
DEPARTMENTS = """Engineering Sales Marketing Finance Human-Resources Legal Operations
Support Research Facilities Procurement Logistics Communications IT Training""".split()

FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "Ae",
                      "ß": "ss", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ı": "i", "œ": "oe"})


def ascii_fold(text):
    """Zoë Müller-Schmidt → Zoe Muller-Schmidt."""
    decomposed = unicodedata.normalize("NFKD", text.translate(FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def pick(rng, weighted, k):
    """k draws from [(value, weight), ...]."""
    values = [value for value, _ in weighted]
    weights = [weight for _, weight in weighted]
    return rng.choices(values, weights=weights, k=k)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many users")
    parser.add_argument("out", help="the JSON Lines file to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--collide", type=int, default=0, metavar="K",
                        help="K pairs of users whose UPNs collide only after the change")
    args = parser.parse_args()
    n, collide = args.n, args.collide
    if n < 0 or collide < 0 or 2 * collide > n:
        parser.error("need N >= 0 and 0 <= 2*K <= N")
    for name in GIVEN + SURNAMES + DEPARTMENTS:
        assert '"' not in name and "\\" not in name and "," not in name, name
    rng = random.Random(args.seed)

    # Per name: its JSON text (no escapes needed, checked above), its ASCII form for
    # nicknames and its lower-case letters for account names.
    def forms(names):
        return [(name, ascii_fold(name).replace("'", "").replace(" ", ""),
                 "".join(c for c in ascii_fold(name).lower() if "a" <= c <= "z"))
                for name in names]
    given, surnames = forms(GIVEN), forms(SURNAMES)
    # A skew: some names far more common than others, as in a real directory.
    given_weights = [1 + 30 // (1 + i % 40) for i in range(len(given))]
    surname_weights = [1 + 40 // (1 + i % 50) for i in range(len(surnames))]

    # Each pair (a, a + 1) of --collide starts at a multiple of step.
    step = n // collide if collide else 0

    batch = 20_000
    tmp = args.out + ".part"
    with open(tmp, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        pending = None  # the UPN local part of the first user of a colliding pair
        for start in range(0, n, batch):
            k = min(batch, n - start)
            g = rng.choices(given, weights=given_weights, k=k)
            s = rng.choices(surnames, weights=surname_weights, k=k)
            site = rng.choices(SITES, k=k)
            dept = rng.choices(DEPARTMENTS, k=k)
            display_form = pick(rng, [("std", 867), ("rev", 60), ("mid", 40), ("pad", 25),
                                      ("missing", 6), ("empty", 2)], k)
            given_form = pick(rng, [("std", 984), ("pad", 10), ("missing", 4), ("empty", 2)], k)
            sn_form = pick(rng, [("std", 996), ("missing", 3), ("empty", 1)], k)
            domain = pick(rng, [("contoso.test", 900), ("example.test", 98), (None, 2)], k)
            nick_form = pick(rng, [("dotted", 6), ("account", 4)], k)
            admin = pick(rng, [("Staff", 775), ("Contractor", 120), ("Intern", 30),
                               ("Partner", 23), ("Test_Account", 20), ("User_", 15),
                               ("User_Imported", 15), (None, 2)], k)
            critical = pick(rng, [("False", 998), ("True", 2)], k)
            recipient = pick(rng, [("0", 150), ("2147483648", 600), ("128", 150), ("4", 70),
                                   ("34359738368", 30)], k)
            control = pick(rng, [("512", 900), ("514", 50), ("66048", 40), ("66050", 10)], k)
            container = pick(rng, [("Cloud", 98), ("Legacy", 2)], k)
            middle = rng.choices("ABCDEFGHJKLMNPRSTW", k=k)
            random_hex = rng.randbytes(10 * k).hex()  # 20 random hex digits per user

            lines = []
            for j in range(k):
                i = start + j
                gname, gascii, gletters = g[j]
                sname, sascii, sletters = s[j]
                sam = f"{(gletters[:1] + sletters)[:12]}{i}"
                local = f"{gletters}.{sletters}{i}"
                upn_domain = domain[j]
                ad, crit, rec, cont = admin[j], critical[j], recipient[j], container[j]
                if step and i % step == 0 and i // step < collide:
                    pending, upn_domain = local, "contoso.test"
                    ad, crit, rec, cont = "Staff", "False", "2147483648", "Cloud"
                elif pending is not None:
                    local, pending, upn_domain = pending, None, "example.test"
                    ad, crit, rec, cont = "Staff", "False", "2147483648", "Cloud"
                h = random_hex[20 * j:20 * j + 20]
                guid = f"{h[:8]}-{h[8:12]}-4{h[12:15]}-8{h[15:18]}-{i:012x}"

                form = display_form[j]
                if form == "rev":
                    display, cn = f"{sname}, {gname}", f"{sname}\\\\, {gname}"
                elif form == "mid":
                    display = cn = f"{gname} {middle[j]}. {sname}"
                elif form == "pad":
                    display, cn = f"{gname} {sname} ", f"{gname} {sname}"
                else:
                    display = cn = f"{gname} {sname}"
                fields = [f'{{"objectGUID": "{guid}", "sAMAccountName": "{sam}"']
                if upn_domain:
                    fields.append(f'"userPrincipalName": "{local}@{upn_domain}"')
                if nick_form[j] == "dotted":
                    fields.append(f'"mailNickname": "{gascii}.{sascii}{i}"')
                else:
                    fields.append(f'"mailNickname": "{sam}"')
                form = given_form[j]
                if form == "std":
                    fields.append(f'"givenName": "{gname}"')
                elif form == "pad":
                    fields.append(f'"givenName": " {gname} "')
                elif form == "empty":
                    fields.append('"givenName": ""')
                form = sn_form[j]
                if form == "std":
                    fields.append(f'"sn": "{sname}"')
                elif form == "empty":
                    fields.append('"sn": ""')
                form = display_form[j]
                if form == "empty":
                    fields.append('"displayName": ""')
                elif form != "missing":
                    fields.append(f'"displayName": "{display}"')
                fields.append(f'"distinguishedName": "CN={cn} {i},OU={dept[j]},OU={site[j]},'
                              f'OU={cont},DC=contoso,DC=test"')
                if ad == "User_":
                    fields.append(f'"adminDescription": "User_{h}{i:012x}"')
                elif ad is not None:
                    fields.append(f'"adminDescription": "{ad}"')
                fields.append(f'"isCriticalSystemObject": "{crit}", '
                              f'"msExchRecipientTypeDetails": "{rec}", '
                              f'"userAccountControl": "{control[j]}"}}\n')
                lines.append(", ".join(fields))
            out.write("".join(lines))
    os.replace(tmp, args.out)


if __name__ == "__main__":
    sys.exit(main())
