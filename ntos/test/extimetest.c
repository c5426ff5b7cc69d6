/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of ExUuidCreate (version-4 layout, distinct values, every random bit seen both
 * ways, the documented status of each source) and of local time through the time-zone bias
 * and the seconds-since-epoch conversions.
 */
#include "ntos.h"

#define KT_UUIDS 64

static UUID KtUuids[KT_UUIDS];

/* Version nibble 4 and variant 10b, all distinct, and every other bit both 0 and 1 at least
 * once among KT_UUIDS values (a stuck bit would show; chance of a false alarm ~2^-57). */
static VOID
KtCheckUuids(PKT_CONTEXT Context)
{
    UCHAR Ones[16] = {0}, Zeros[16] = {0};
    ULONG I, J, B;

    for (I = 0; I < KT_UUIDS; I++)
    {
        PUCHAR Bytes = (PUCHAR)&KtUuids[I];

        KT_CHECK(Context, (KtUuids[I].Data3 >> 12) == 4, "UUID %u has version %u", I,
                 KtUuids[I].Data3 >> 12);
        KT_CHECK(Context, (KtUuids[I].Data4[0] & 0xC0) == 0x80, "UUID %u has variant 0x%x", I,
                 KtUuids[I].Data4[0]);
        for (J = 0; J < I; J++)
            KT_CHECK(Context, !RtlEqualMemory(&KtUuids[I], &KtUuids[J], sizeof(UUID)),
                     "UUIDs %u and %u are equal", J, I);
        for (B = 0; B < 16; B++)
        {
            Ones[B] |= Bytes[B];
            Zeros[B] |= (UCHAR)~Bytes[B];
        }
    }
    /* Byte 7 is Data3's high byte (version), byte 8 holds the variant bits. */
    for (B = 0; B < 16; B++)
    {
        UCHAR Fixed = B == 7 ? 0xF0 : B == 8 ? 0xC0 : 0;

        KT_CHECK(Context, ((Ones[B] & Zeros[B]) | Fixed) == 0xFF, "byte %u: bits 0x%x never change",
                 B, (UCHAR) ~(Ones[B] & Zeros[B]) & ~Fixed);
    }
}

static VOID
KtUuidCreate(PKT_CONTEXT Context)
{
    int Registers[4];
    NTSTATUS Expected, Status;
    ULONG I;

    __cpuid(Registers, 1);
    Expected = (Registers[2] & (1 << 30)) ? STATUS_SUCCESS : RPC_NT_UUID_LOCAL_ONLY;
    for (I = 0; I < KT_UUIDS; I++)
    {
        Status = ExUuidCreate(&KtUuids[I]);
        KT_CHECK(Context, Status == Expected, "ExUuidCreate returned 0x%x, expected 0x%x", Status,
                 Expected);
    }
    KtCheckUuids(Context);
}

static VOID
KtUuidFallback(PKT_CONTEXT Context)
{
    NTSTATUS Status;
    ULONG I;

    for (I = 0; I < KT_UUIDS; I++)
    {
        Status = ExpCreateRandomUuid(&KtUuids[I], FALSE);
        KT_CHECK(Context, Status == RPC_NT_UUID_LOCAL_ONLY, "fallback returned 0x%x", Status);
    }
    KtCheckUuids(Context);
}

static VOID
KtLocalTimeBody(PKT_CONTEXT Context)
{
    LARGE_INTEGER System = {.QuadPart = 133485408000000000ll}, Local, Back; /* 2024-01-01 */
    const LONG64 Hour = 36000000000ll;

    ExpSetTimeZoneBias(0);
    ExSystemTimeToLocalTime(&System, &Local);
    KT_CHECK(Context, Local.QuadPart == System.QuadPart, "UTC local time differs by %lld",
             Local.QuadPart - System.QuadPart);
    ExpSetTimeZoneBias(-2 * Hour); /* UTC+2 */
    KT_CHECK(Context, ExpQueryTimeZoneBias() == -2 * Hour, "bias read back as %lld",
             ExpQueryTimeZoneBias());
    KT_CHECK(Context,
             SharedUserData->TimeZoneBias.High1Time == (LONG)((-2 * Hour) >> 32) &&
                 SharedUserData->TimeZoneBias.High2Time == (LONG)((-2 * Hour) >> 32) &&
                 SharedUserData->TimeZoneBias.LowPart == (ULONG)(-2 * Hour),
             "KUSER_SHARED_DATA.TimeZoneBias not written");
    ExSystemTimeToLocalTime(&System, &Local);
    KT_CHECK(Context, Local.QuadPart == System.QuadPart + 2 * Hour, "UTC+2 local time off by %lld",
             Local.QuadPart - System.QuadPart);
    ExLocalTimeToSystemTime(&Local, &Back);
    KT_CHECK(Context, Back.QuadPart == System.QuadPart, "local->system did not invert");
    ExpSetTimeZoneBias(5 * Hour); /* UTC-5 */
    KT_CHECK(Context, RtlSystemTimeToLocalTime(&System, &Local) == STATUS_SUCCESS,
             "RtlSystemTimeToLocalTime failed");
    KT_CHECK(Context, Local.QuadPart == System.QuadPart - 5 * Hour, "UTC-5 local time off by %lld",
             Local.QuadPart - System.QuadPart);
    KT_CHECK(Context,
             RtlLocalTimeToSystemTime(&Local, &Back) == STATUS_SUCCESS &&
                 Back.QuadPart == System.QuadPart,
             "RtlLocalTimeToSystemTime did not invert");
}

/* The bias at boot: /TIMEZONEBIAS=minutes (the timezone boot scenario), else UTC. */
static VOID
KtLocalTime(PKT_CONTEXT Context)
{
    LONG64 Saved = ExpQueryTimeZoneBias(), Expected = 0;
    CHAR Value[16];
    ULONG Minutes;

    if (ExpBootOption("TIMEZONEBIAS", Value, sizeof(Value)) &&
        NT_SUCCESS(RtlCharToInteger(Value, 10, &Minutes)))
        Expected = (LONG)Minutes * 600000000ll;
    KT_CHECK(Context, Saved == Expected, "boot bias %lld, expected %lld", Saved, Expected);
    KtLocalTimeBody(Context);
    ExpSetTimeZoneBias(Saved);
}

static VOID
KtSecondsSinceEpochs(PKT_CONTEXT Context)
{
    LARGE_INTEGER Time;
    ULONG Seconds = 0xDEADBEEF;

    Time.QuadPart = 116444736000000000ll + 15000000; /* 1970-01-01 00:00:01.5 */
    KT_CHECK(Context, RtlTimeToSecondsSince1970(&Time, &Seconds) && Seconds == 1,
             "1.5 s after 1970 gave %u", Seconds);
    Time.QuadPart = 116444736000000000ll - 1;
    Seconds = 7;
    KT_CHECK(Context, !RtlTimeToSecondsSince1970(&Time, &Seconds) && Seconds == 7,
             "a time before 1970 converted");
    RtlSecondsSince1970ToTime(MAXULONG, &Time);
    KT_CHECK(Context, RtlTimeToSecondsSince1970(&Time, &Seconds) && Seconds == MAXULONG,
             "the last 1970 second did not round-trip");
    Time.QuadPart += 10000000;
    KT_CHECK(Context, !RtlTimeToSecondsSince1970(&Time, &Seconds), "2106 overflow converted");
    RtlSecondsSince1980ToTime(0, &Time);
    KT_CHECK(Context, Time.QuadPart == 119600064000000000ll, "1980 epoch is %lld", Time.QuadPart);
    KT_CHECK(Context, RtlTimeToSecondsSince1980(&Time, &Seconds) && Seconds == 0,
             "1980 epoch gave %u", Seconds);
}

static const KT_TEST KtExTimeTests[] = {
    {"ExUuidCreate: version 4, distinct, documented status", KtUuidCreate},
    {"UUID fallback generator: RPC_NT_UUID_LOCAL_ONLY, version 4", KtUuidFallback},
    {"local time follows the time-zone bias", KtLocalTime},
    {"seconds since 1970 and 1980", KtSecondsSinceEpochs},
};

const KT_SUITE KtExTimeSuite = {"Ex time", KtExTimeTests, RTL_NUMBER_OF(KtExTimeTests)};
