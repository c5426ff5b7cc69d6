/* SPDX-License-Identifier: MIT */
/* Host tests of the AVL generic table (lib/rtl/rtlavl.c). */
#include <stdlib.h>

#include "rtltest.h"

typedef struct _ENTRY
{
    int Key;
    int Payload;
} ENTRY;

static int Allocations, Frees, FailNextAllocation;

static RTL_GENERIC_COMPARE_RESULTS
Compare(PRTL_AVL_TABLE Table, PVOID First, PVOID Second)
{
    int A = ((ENTRY *)First)->Key, B = ((ENTRY *)Second)->Key;

    assert_ptr_equal(Table->TableContext, &Allocations);
    return A < B ? GenericLessThan : A > B ? GenericGreaterThan : GenericEqual;
}

static PVOID
Allocate(PRTL_AVL_TABLE Table, CLONG ByteSize)
{
    (void)Table;
    assert_int_equal(ByteSize, sizeof(RTL_BALANCED_LINKS) + sizeof(ENTRY));
    if (FailNextAllocation)
    {
        FailNextAllocation = 0;
        return NULL;
    }
    Allocations++;
    return malloc(ByteSize);
}

static VOID
Free(PRTL_AVL_TABLE Table, PVOID Buffer)
{
    (void)Table;
    Frees++;
    free(Buffer);
}

static void
Init(RTL_AVL_TABLE *Table)
{
    Allocations = Frees = FailNextAllocation = 0;
    memset(Table, 0xCC, sizeof(*Table));
    RtlInitializeGenericTableAvl(Table, Compare, Allocate, Free, &Allocations);
}

static ENTRY *
Insert(RTL_AVL_TABLE *Table, int Key, int Payload, BOOLEAN *New)
{
    ENTRY E = {Key, Payload};

    return RtlInsertElementGenericTableAvl(Table, &E, sizeof(E), New);
}

/* Height of the subtree, checking parent links, balance factors, order and bounds. */
static int
CheckSubtree(PRTL_BALANCED_LINKS Node, PRTL_BALANCED_LINKS Parent, int Low, int High, int *Count)
{
    int Left, Right, Key;

    if (Node == NULL)
        return 0;
    assert_ptr_equal(Node->Parent, Parent);
    Key = ((ENTRY *)(Node + 1))->Key;
    assert_true(Key > Low && Key < High);
    Left = CheckSubtree(Node->LeftChild, Node, Low, Key, Count);
    Right = CheckSubtree(Node->RightChild, Node, Key, High, Count);
    assert_int_equal(Node->Balance, Right - Left);
    assert_true(Right - Left >= -1 && Right - Left <= 1);
    (*Count)++;
    return (Left > Right ? Left : Right) + 1;
}

static void
CheckTree(RTL_AVL_TABLE *Table)
{
    int Count = 0;

    assert_ptr_equal(Table->BalancedRoot.Parent, &Table->BalancedRoot);
    assert_null(Table->BalancedRoot.LeftChild);
    CheckSubtree(Table->BalancedRoot.RightChild, &Table->BalancedRoot, -1, 1 << 30, &Count);
    assert_int_equal(Count, RtlNumberGenericTableElementsAvl(Table));
    assert_int_equal(Allocations - Frees, Count);
}

static void
DeleteAll(RTL_AVL_TABLE *Table)
{
    ENTRY *E;

    while ((E = RtlGetElementGenericTableAvl(Table, 0)) != NULL)
    {
        ENTRY Key = *E;
        assert_true(RtlDeleteElementGenericTableAvl(Table, &Key));
    }
    assert_int_equal(Allocations, Frees);
}

static void
test_empty(void **State)
{
    RTL_AVL_TABLE Table;
    ENTRY Key = {1, 0};

    (void)State;
    Init(&Table);
    assert_int_equal(RtlNumberGenericTableElementsAvl(&Table), 0);
    assert_true(RtlIsGenericTableEmptyAvl(&Table));
    assert_null(RtlLookupElementGenericTableAvl(&Table, &Key));
    assert_false(RtlDeleteElementGenericTableAvl(&Table, &Key));
    assert_null(RtlEnumerateGenericTableAvl(&Table, TRUE));
    assert_null(RtlEnumerateGenericTableAvl(&Table, FALSE));
    assert_null(RtlGetElementGenericTableAvl(&Table, 0));
    assert_ptr_equal(Table.TableContext, &Allocations);
    CheckTree(&Table);
}

static void
test_insert_lookup_duplicate(void **State)
{
    RTL_AVL_TABLE Table;
    BOOLEAN New = 7;
    ENTRY *First, *Again, Key = {5, 0};

    (void)State;
    Init(&Table);
    First = Insert(&Table, 5, 50, &New);
    assert_non_null(First);
    assert_true(New);
    assert_int_equal(First->Payload, 50);
    /* The element lives right after the links, in the block AllocateRoutine returned. */
    assert_ptr_equal((PRTL_BALANCED_LINKS)First - 1, Table.BalancedRoot.RightChild);

    Again = Insert(&Table, 5, 99, &New);
    assert_ptr_equal(Again, First);
    assert_false(New);
    assert_int_equal(First->Payload, 50);
    assert_int_equal(Allocations, 1);
    assert_ptr_equal(RtlLookupElementGenericTableAvl(&Table, &Key), First);
    assert_non_null(Insert(&Table, 6, 60, NULL));
    assert_false(RtlIsGenericTableEmptyAvl(&Table));

    FailNextAllocation = 1;
    New = 7;
    assert_null(Insert(&Table, 7, 70, &New));
    assert_false(New);
    assert_int_equal(RtlNumberGenericTableElementsAvl(&Table), 2);
    CheckTree(&Table);
    DeleteAll(&Table);
}

static void
test_enumerate_and_index(void **State)
{
    RTL_AVL_TABLE Table;
    ENTRY *E, Key;
    int Expected = 0;

    (void)State;
    Init(&Table);
    for (int I = 0; I < 100; I++)
        Insert(&Table, (I * 37) % 100, I, NULL); /* a permutation of 0..99 */
    CheckTree(&Table);
    for (E = RtlEnumerateGenericTableAvl(&Table, TRUE); E != NULL;
         E = RtlEnumerateGenericTableAvl(&Table, FALSE))
        assert_int_equal(E->Key, Expected++);
    assert_int_equal(Expected, 100);
    assert_null(RtlEnumerateGenericTableAvl(&Table, FALSE));
    assert_int_equal(((ENTRY *)RtlEnumerateGenericTableAvl(&Table, TRUE))->Key, 0);
    assert_int_equal(((ENTRY *)RtlGetElementGenericTableAvl(&Table, 42))->Key, 42);
    assert_int_equal(((ENTRY *)RtlGetElementGenericTableAvl(&Table, 99))->Key, 99);
    assert_null(RtlGetElementGenericTableAvl(&Table, 100));

    /* Deleting the element just returned: enumeration continues with its successor. */
    E = RtlEnumerateGenericTableAvl(&Table, TRUE);
    E = RtlEnumerateGenericTableAvl(&Table, FALSE);
    Key = *E;
    assert_int_equal(Key.Key, 1);
    assert_true(RtlDeleteElementGenericTableAvl(&Table, &Key));
    assert_int_equal(((ENTRY *)RtlEnumerateGenericTableAvl(&Table, FALSE))->Key, 2);
    Key.Key = 0;
    RtlEnumerateGenericTableAvl(&Table, TRUE);
    assert_true(RtlDeleteElementGenericTableAvl(&Table, &Key));
    assert_int_equal(((ENTRY *)RtlEnumerateGenericTableAvl(&Table, FALSE))->Key, 2);
    assert_false(RtlDeleteElementGenericTableAvl(&Table, &Key));
    CheckTree(&Table);
    DeleteAll(&Table);
}

/* Random inserts and deletes against a reference array; the tree is checked throughout. */
static void
test_random_against_reference(void **State)
{
    enum
    {
        KEYS = 512
    };
    static ENTRY *Present[KEYS];
    RTL_AVL_TABLE Table;
    unsigned Seed = 12345;

    (void)State;
    memset(Present, 0, sizeof(Present));
    Init(&Table);
    for (int Step = 0; Step < 20000; Step++)
    {
        ENTRY Key;
        BOOLEAN New;

        Seed = Seed * 1103515245u + 12345u;
        Key.Key = (int)((Seed >> 8) % KEYS);
        Key.Payload = Step;
        if ((Seed >> 20) % 3 != 0)
        {
            ENTRY *E = RtlInsertElementGenericTableAvl(&Table, &Key, sizeof(Key), &New);
            assert_int_equal(New, Present[Key.Key] == NULL);
            if (!New)
                assert_ptr_equal(E, Present[Key.Key]);
            Present[Key.Key] = E;
        }
        else
        {
            assert_int_equal(RtlDeleteElementGenericTableAvl(&Table, &Key),
                             Present[Key.Key] != NULL);
            Present[Key.Key] = NULL;
        }
        assert_ptr_equal(RtlLookupElementGenericTableAvl(&Table, &Key), Present[Key.Key]);
        if (Step % 97 == 0)
            CheckTree(&Table);
    }
    CheckTree(&Table);
    DeleteAll(&Table);
    CheckTree(&Table);
}

/* Ascending inserts are the classic worst case for an unbalanced tree. */
static void
test_sequential_stays_balanced(void **State)
{
    RTL_AVL_TABLE Table;
    PRTL_BALANCED_LINKS Node;
    int Depth = 0;

    (void)State;
    Init(&Table);
    for (int I = 0; I < 1023; I++)
        Insert(&Table, I, I, NULL);
    CheckTree(&Table);
    for (Node = Table.BalancedRoot.RightChild; Node != NULL; Node = Node->LeftChild)
        Depth++;
    assert_true(Depth <= 14); /* 1.44 log2(1024) */
    for (int I = 0; I < 1023; I += 2)
    {
        ENTRY Key = {I, 0};
        assert_true(RtlDeleteElementGenericTableAvl(&Table, &Key));
    }
    CheckTree(&Table);
    DeleteAll(&Table);
}

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_insert_lookup_duplicate),
        cmocka_unit_test(test_enumerate_and_index),
        cmocka_unit_test(test_random_against_reference),
        cmocka_unit_test(test_sequential_stays_balanced),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
