#!/usr/bin/env python3
"""Writes the synthetic CSV samples (fictitious people only).

apogee.csv is real Windows-1252 with CRLF, as APOGEE SQL exports are; talend.csv is UTF-8 with
a BOM and commas; pegase.csv is UTF-8 with semicolons. Run from this folder.
"""

rows = [
    "COD_ETU;COD_IND;LIB_NOM_PAT_IND;LIB_NOM_USU_IND;LIB_PR1_IND;LIB_PR2_IND;LIB_PR3_IND;TEM_PR_USAGE;LIB_PR_ETA_CIV;COD_SEX_ETU;COD_SEX_ETA_CIV;DATE_NAI_IND;TEM_DATE_NAI_REL;COD_TYP_DEP_PAY_NAI;COD_DEP_PAY_NAI;COD_COM_NAI_ETU;LIB_VIL_NAI_ETU",
    "21000001;100001;LEFÈVRE;;Hélène;Marie;;N;;F;;03/04/2001;N;D;075;75056;PARIS",
    "21000002;100002;MOREAU;DURAND;Jérôme;;;N;;M;;14/11/1999;N;D;069;69123;LYON",
    "21000003;100003;GARNIER;;Alex;Noël;;O;Alexandra;M;F;21/06/2000;N;D;033;33063;BORDEAUX",
    "21000004;100004;DIOP;;Awa;;;N;;F;;01/01/1998;O;P;341;;DAKAR",
    "21000005;100005;FAURE;;Maël;Loïc;;N;;M;;09/09/2002;N;D;013;;ST RÉMY DE PROVENCE",
    "21000006;100006;BŒUF;;Anaïs;Zoé;Françoise;N;;F;;00/00/1997;N;P;109;;MUNICH",
]
with open("apogee.csv", "wb") as f:
    f.write(("\r\n".join(rows) + "\r\n").encode("cp1252"))

talend = [
    "idTechnique,nomNaissance,nomUsage,prenom1,prenom2,prenom3,anneeNaissance,moisNaissance,jourNaissance,sexe,codeInsee,codePostal,libelleCommuneNaissance,codePaysNaissance,libellePaysNaissance,type,code,dateDebutValidite",
    "T-0001,ROUSSEL,,Camille,,,2001,3,4,F,44109,,NANTES,,,RNCP,RNCP35001,2024-07-01",
    "T-0002,CHEVALIER,BLANC,Théo,Louis,,1999,NIL,NIL,M,,13001,MARSEILLE,,,RNCP,RNCP35001,2024-07-01",
    "T-0003,N'DIAYE,,Fatou,,,2000,12,25,F,99341,,DAKAR,341,SÉNÉGAL,RNCP,RNCP35001,2024-07-01",
    'T-0004,"DE LA FONTAINE",,"Jean-Pierre",,,1998,7,14,M,35238,,RENNES,,,RS,RS5432,2024-06-15',
]
with open("talend.csv", "wb") as f:
    f.write(b"\xef\xbb\xbf" + ("\n".join(talend) + "\n").encode("utf-8"))

pegase = [
    "code_apprenant;nom_famille;nom_usuel;prenom;prenom2;prenom3;sexe;date_naissance;code_pays_naissance;code_commune_naissance;libelle_commune_naissance;commune_naissance_etranger;identifiant_national_etudiant",
    "P000101;BERTRAND;;Inès;Léa;;F;2002-05-17;100;31555;TOULOUSE;;0A1B2C3D4E5",
    "P000102;NGUYEN;PETIT;Minh;;;M;2001-10-02;243;;;HANOÏ;1B2C3D4E5F6",
    "P000103;LEROY;;Élodie;;;F;2003-01-30;100;;LILLE;;2C3D4E5F6G7",
]
with open("pegase.csv", "wb") as f:
    f.write(("\n".join(pegase) + "\n").encode("utf-8"))

# Place-of-birth rules (P010): an empty COD_COM_NAI_ETU to recover from the town name.
apogee_lieux = [
    rows[0],
    "22000001;200001;PERRIN;;Lucie;;;N;;F;;12/02/2001;N;D;075;75115;PARIS 15E ARRONDISSEMENT",
    "22000002;200002;GAUTHIER;;Théo;Émile;;N;;M;;30/08/2000;N;D;071;;CHALON S/ SAONE",
    "22000003;200003;NDIAYE;;Fatou;;;N;;F;;17/10/1999;N;P;341;;DAKAR",
]
with open("apogee-lieux.csv", "wb") as f:
    f.write(("\r\n".join(apogee_lieux) + "\r\n").encode("cp1252"))
