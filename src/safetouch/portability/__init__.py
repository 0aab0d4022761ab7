"""Her data is hers: the account file (export and import), CSV and FHIR R4 exports."""
