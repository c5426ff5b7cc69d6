/* SPDX-License-Identifier: MIT */
/*
 * Generic tables as AVL trees (RtlInitializeGenericTableAvl and friends). The caller owns
 * the memory: each element is one AllocateRoutine block of sizeof(RTL_BALANCED_LINKS) plus the
 * caller's data, which follows the links; every routine hands the caller that data pointer,
 * and FreeRoutine gets the block back. Elements never move, so pointers stay valid until the
 * element is deleted: deletion relinks nodes instead of copying data between them.
 *
 * As on NT, Table->BalancedRoot is a sentinel whose RightChild is the tree's root and whose
 * Parent is itself. Balance is height(right) - height(left). DepthOfTree is not maintained.
 */
#include "rtlp.h"

#define RTLP_SENTINEL(Table) (&(Table)->BalancedRoot)
#define RTLP_USER_DATA(Node) ((PVOID)((Node) + 1))

static PRTL_BALANCED_LINKS *
RtlpChildSlot(PRTL_BALANCED_LINKS Node, BOOLEAN Right)
{
    return Right ? &Node->RightChild : &Node->LeftChild;
}

static VOID
RtlpReplaceChild(PRTL_BALANCED_LINKS Parent, PRTL_BALANCED_LINKS Old, PRTL_BALANCED_LINKS New)
{
    *RtlpChildSlot(Parent, Parent->LeftChild != Old) = New;
    if (New != NULL)
        New->Parent = Parent;
}

/* Lifts Node's child on side Right into Node's place; returns that child. */
static PRTL_BALANCED_LINKS
RtlpRotate(PRTL_BALANCED_LINKS Node, BOOLEAN Right)
{
    PRTL_BALANCED_LINKS Child = *RtlpChildSlot(Node, Right);
    PRTL_BALANCED_LINKS Inner = *RtlpChildSlot(Child, !Right);

    *RtlpChildSlot(Node, Right) = Inner;
    if (Inner != NULL)
        Inner->Parent = Node;
    RtlpReplaceChild(Node->Parent, Node, Child);
    *RtlpChildSlot(Child, !Right) = Node;
    Node->Parent = Child;
    return Child;
}

/* Node's balance is +-2: one or two rotations; returns the subtree's new root. */
static PRTL_BALANCED_LINKS
RtlpRebalance(PRTL_BALANCED_LINKS Node)
{
    BOOLEAN Right = Node->Balance > 0;
    CHAR Sign = Right ? 1 : -1;
    PRTL_BALANCED_LINKS Child = *RtlpChildSlot(Node, Right), Grandchild;

    if (Child->Balance == -Sign)
    {
        Grandchild = *RtlpChildSlot(Child, !Right);
        RtlpRotate(Child, !Right);
        RtlpRotate(Node, Right);
        Node->Balance = Grandchild->Balance == Sign ? -Sign : 0;
        Child->Balance = Grandchild->Balance == -Sign ? Sign : 0;
        Grandchild->Balance = 0;
        return Grandchild;
    }
    RtlpRotate(Node, Right);
    if (Child->Balance == 0) /* only after a deletion: the height does not change */
    {
        Node->Balance = Sign;
        Child->Balance = -Sign;
    }
    else
    {
        Node->Balance = Child->Balance = 0;
    }
    return Child;
}

/* The node holding an element equal to Buffer, or NULL with *Parent and *Right saying where
 * it would go. */
static PRTL_BALANCED_LINKS
RtlpFindNode(PRTL_AVL_TABLE Table, PVOID Buffer, PRTL_BALANCED_LINKS *Parent, BOOLEAN *Right)
{
    PRTL_BALANCED_LINKS Node = RTLP_SENTINEL(Table)->RightChild;

    *Parent = RTLP_SENTINEL(Table);
    *Right = TRUE;
    while (Node != NULL)
    {
        RTL_GENERIC_COMPARE_RESULTS Result =
            Table->CompareRoutine(Table, Buffer, RTLP_USER_DATA(Node));

        if (Result == GenericEqual)
            return Node;
        *Parent = Node;
        *Right = Result == GenericGreaterThan;
        Node = *RtlpChildSlot(Node, *Right);
    }
    return NULL;
}

VOID NTAPI
RtlInitializeGenericTableAvl(PRTL_AVL_TABLE Table, PRTL_AVL_COMPARE_ROUTINE CompareRoutine,
                             PRTL_AVL_ALLOCATE_ROUTINE AllocateRoutine,
                             PRTL_AVL_FREE_ROUTINE FreeRoutine, PVOID TableContext)
{
    UCHAR *Bytes = (UCHAR *)Table;
    SIZE_T I;

    for (I = 0; I < sizeof(*Table); I++)
        Bytes[I] = 0;
    Table->BalancedRoot.Parent = RTLP_SENTINEL(Table);
    Table->CompareRoutine = CompareRoutine;
    Table->AllocateRoutine = AllocateRoutine;
    Table->FreeRoutine = FreeRoutine;
    Table->TableContext = TableContext;
}

/* Retrace after an insertion: the subtree at Node grew by one level. */
static VOID
RtlpRetraceInsert(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node)
{
    PRTL_BALANCED_LINKS Parent;

    for (Parent = Node->Parent; Parent != RTLP_SENTINEL(Table);
         Node = Parent, Parent = Parent->Parent)
    {
        Parent->Balance += Parent->RightChild == Node ? 1 : -1;
        if (Parent->Balance == 0)
            return;
        if (Parent->Balance == 2 || Parent->Balance == -2)
        {
            RtlpRebalance(Parent);
            return;
        }
    }
}

/* An equal element already present is returned as is (*NewElement = FALSE); NULL when the
 * AllocateRoutine fails. */
PVOID NTAPI
RtlInsertElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer, CLONG BufferSize,
                                PBOOLEAN NewElement)
{
    PRTL_BALANCED_LINKS Parent, Node;
    BOOLEAN Right;

    if (NewElement != NULL)
        *NewElement = FALSE;
    Node = RtlpFindNode(Table, Buffer, &Parent, &Right);
    if (Node != NULL)
        return RTLP_USER_DATA(Node);
    if (BufferSize > 0xFFFFFFFFu - sizeof(RTL_BALANCED_LINKS))
        return NULL;
    Node = Table->AllocateRoutine(Table, (CLONG)(sizeof(RTL_BALANCED_LINKS) + BufferSize));
    if (Node == NULL)
        return NULL;
    Node->LeftChild = Node->RightChild = NULL;
    Node->Balance = 0;
    Node->Reserved[0] = Node->Reserved[1] = Node->Reserved[2] = 0;
    RtlpMoveBytes(RTLP_USER_DATA(Node), Buffer, BufferSize);
    *RtlpChildSlot(Parent, Right) = Node;
    Node->Parent = Parent;
    RtlpRetraceInsert(Table, Node);
    Table->NumberGenericTableElements++;
    if (NewElement != NULL)
        *NewElement = TRUE;
    return RTLP_USER_DATA(Node);
}

PVOID NTAPI
RtlLookupElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer)
{
    PRTL_BALANCED_LINKS Parent, Node;
    BOOLEAN Right;

    Node = RtlpFindNode(Table, Buffer, &Parent, &Right);
    return Node != NULL ? RTLP_USER_DATA(Node) : NULL;
}

/* Retrace after a deletion: Node's subtree on side Right lost one level. */
static VOID
RtlpRetraceDelete(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node, BOOLEAN Right)
{
    while (Node != RTLP_SENTINEL(Table))
    {
        CHAR Sibling;

        Node->Balance += Right ? -1 : 1;
        if (Node->Balance == 1 || Node->Balance == -1)
            return;
        if (Node->Balance != 0)
        {
            Sibling = (*RtlpChildSlot(Node, Node->Balance > 0))->Balance;
            Node = RtlpRebalance(Node);
            if (Sibling == 0)
                return;
        }
        Right = Node->Parent->RightChild == Node;
        Node = Node->Parent;
    }
}

/* Unlinks Node; a node with two children is replaced by its in-order successor. */
static VOID
RtlpUnlink(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node)
{
    PRTL_BALANCED_LINKS Successor, Retrace, Child;
    BOOLEAN Right;

    if (Node->LeftChild == NULL || Node->RightChild == NULL)
    {
        Child = Node->LeftChild != NULL ? Node->LeftChild : Node->RightChild;
        Retrace = Node->Parent;
        Right = Retrace->RightChild == Node;
        RtlpReplaceChild(Retrace, Node, Child);
        RtlpRetraceDelete(Table, Retrace, Right);
        return;
    }
    for (Successor = Node->RightChild; Successor->LeftChild != NULL;)
        Successor = Successor->LeftChild;
    if (Successor->Parent == Node)
    {
        Retrace = Successor;
        Right = TRUE;
    }
    else
    {
        Retrace = Successor->Parent;
        Right = FALSE;
        RtlpReplaceChild(Retrace, Successor, Successor->RightChild);
        Successor->RightChild = Node->RightChild;
        Successor->RightChild->Parent = Successor;
    }
    Successor->LeftChild = Node->LeftChild;
    Successor->LeftChild->Parent = Successor;
    Successor->Balance = Node->Balance;
    RtlpReplaceChild(Node->Parent, Node, Successor);
    RtlpRetraceDelete(Table, Retrace, Right);
}

static PRTL_BALANCED_LINKS
RtlpFirst(PRTL_AVL_TABLE Table)
{
    PRTL_BALANCED_LINKS Node = RTLP_SENTINEL(Table)->RightChild;

    while (Node != NULL && Node->LeftChild != NULL)
        Node = Node->LeftChild;
    return Node;
}

/* The in-order neighbour of Node on side Right, or NULL. */
static PRTL_BALANCED_LINKS
RtlpNeighbour(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node, BOOLEAN Right)
{
    PRTL_BALANCED_LINKS Parent;

    if (*RtlpChildSlot(Node, Right) != NULL)
    {
        for (Node = *RtlpChildSlot(Node, Right); *RtlpChildSlot(Node, !Right) != NULL;)
            Node = *RtlpChildSlot(Node, !Right);
        return Node;
    }
    for (Parent = Node->Parent;
         Parent != RTLP_SENTINEL(Table) && *RtlpChildSlot(Parent, Right) == Node;
         Parent = Parent->Parent)
        Node = Parent;
    return Parent != RTLP_SENTINEL(Table) ? Parent : NULL;
}

/* An enumeration in progress resumes after the deleted element: RestartKey moves back to its
 * predecessor (NULL: start from the first). */
BOOLEAN NTAPI
RtlDeleteElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer)
{
    PRTL_BALANCED_LINKS Parent, Node;
    BOOLEAN Right;

    Node = RtlpFindNode(Table, Buffer, &Parent, &Right);
    if (Node == NULL)
        return FALSE;
    if (Table->RestartKey == Node)
        Table->RestartKey = RtlpNeighbour(Table, Node, FALSE);
    RtlpUnlink(Table, Node);
    Table->NumberGenericTableElements--;
    Table->DeleteCount++;
    Table->FreeRoutine(Table, Node);
    return TRUE;
}

/* In order: Restart (or a fresh table) gives the first element, then each call the next;
 * NULL past the last, and again on later calls until a restart. */
PVOID NTAPI
RtlEnumerateGenericTableAvl(PRTL_AVL_TABLE Table, BOOLEAN Restart)
{
    PRTL_BALANCED_LINKS Node;

    if (Restart || Table->RestartKey == NULL)
        Node = RtlpFirst(Table);
    else
        Node = RtlpNeighbour(Table, Table->RestartKey, TRUE);
    if (Node == NULL)
        return NULL;
    Table->RestartKey = Node;
    return RTLP_USER_DATA(Node);
}

/* The I-th element in order (0-based), or NULL; a walk, O(I). */
PVOID NTAPI
RtlGetElementGenericTableAvl(PRTL_AVL_TABLE Table, ULONG I)
{
    PRTL_BALANCED_LINKS Node;

    if (I >= Table->NumberGenericTableElements)
        return NULL;
    for (Node = RtlpFirst(Table); I > 0; I--)
        Node = RtlpNeighbour(Table, Node, TRUE);
    return RTLP_USER_DATA(Node);
}

ULONG NTAPI
RtlNumberGenericTableElementsAvl(PRTL_AVL_TABLE Table)
{
    return Table->NumberGenericTableElements;
}

BOOLEAN NTAPI
RtlIsGenericTableEmptyAvl(PRTL_AVL_TABLE Table)
{
    return Table->NumberGenericTableElements == 0;
}
