-- Number 6 is reserved for another branch's migration; this placeholder keeps the numbers running 1..n
-- until that branch is merged, when it is deleted in favour of the real 0006.
SELECT 1;
