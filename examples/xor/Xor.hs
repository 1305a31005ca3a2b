-- Handwritten XOR for `bnnverify equiv models/xor.json --reference exec:...` (protocol: docs/equivalence.md).
-- Finds the columns of x0 and x1 in the header, answers each input line with x0 /= x1, and flushes at the
-- empty line that ends each batch.
import Data.List (elemIndex)
import System.Exit (exitWith, ExitCode (ExitFailure))
import System.IO

main :: IO ()
main = do
  header <- getLine
  _outputs <- getLine
  let names = drop 1 (words header)
  case (elemIndex "x0" names, elemIndex "x1" names) of
    (Just i, Just j) -> getContents >>= mapM_ (answer i j) . lines
    _ -> hPutStrLn stderr "xor: the inputs must include x0 and x1" >> exitWith (ExitFailure 2)

answer :: Int -> Int -> String -> IO ()
answer _ _ "" = hFlush stdout
answer i j line = putStrLn (if (line !! i == '1') /= (line !! j == '1') then "1" else "0")
