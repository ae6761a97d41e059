"""Shared fixtures: the shipped model, loaded once, and sample postings in four languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.api import Tagger

REPO = Path(__file__).resolve().parent.parent

# Short postings written for the tests (not from any corpus), one per language and label pair.
SAMPLES = {
    ("en", "voice", "front"): "Call Centre Agent\nAnswer inbound calls from bank customers, "
    "resolve billing questions on the phone and make outbound follow-up calls.",
    ("en", "non-voice", "back"): "Accounts Payable Clerk\nProcess supplier invoices in SAP, reconcile "
    "ledgers, prepare month-end accruals. No customer contact.",
    ("pl", "voice", "front"): "Konsultant infolinii\nOdbierasz połączenia telefoniczne od klientów "
    "banku, rozwiązujesz ich problemy przez telefon i dzwonisz do klientów.",
    ("pl", "non-voice", "back"): "Księgowa\nProwadzenie ksiąg rachunkowych, rozliczenia VAT, "
    "księgowanie faktur kosztowych i przygotowanie raportów miesięcznych.",
    ("nl", "voice", "front"): "Klantenservice medewerker telefonie\nJe beantwoordt telefonisch vragen "
    "van klanten over hun energierekening en belt klanten terug.",
    ("nl", "non-voice", "back"): "Boekhouder\nJe verwerkt inkoopfacturen, stelt de btw-aangifte op "
    "en verzorgt de maandafsluiting in Exact.",
    ("id", "voice", "front"): "Telemarketing\nMenawarkan produk asuransi kepada nasabah melalui "
    "telepon dan menerima panggilan masuk dari pelanggan.",
    ("id", "non-voice", "back"): "Staff Accounting\nMembuat jurnal, rekonsiliasi bank, laporan "
    "keuangan bulanan dan menginput faktur pajak.",
}


@pytest.fixture(scope="session")
def tagger() -> Tagger:
    return Tagger.load(REPO / "models" / "bpo-tagger.joblib")
