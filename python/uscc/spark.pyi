from typing import Any, Optional

from pyspark import StorageLevel
from pyspark.sql import DataFrame
from pyspark.sql.types import DataType

CHECK_COLUMNS: tuple[tuple[str, DataType], ...]

def with_check(df: DataFrame, column: str, prefix: str = "uscc_", **policy: Any) -> DataFrame: ...

class SparkReport:
    summary: dict[str, Any]
    flagged: DataFrame
    duplicates: DataFrame
    multi_code_entities: DataFrame
    collisions: DataFrame
    monthly: DataFrame
    regions: DataFrame
    @property
    def rate(self) -> float: ...
    @property
    def notes(self) -> list[str]: ...
    def unpersist(self) -> None: ...
    def __enter__(self) -> SparkReport: ...
    def __exit__(self, *exc: object) -> None: ...

def scan(
    df: DataFrame,
    code: str,
    name: Optional[str] = None,
    date: Optional[str] = None,
    region: Optional[str] = None,
    *,
    row: Optional[str] = None,
    max_listed: Optional[int] = None,
    storage_level: StorageLevel = ...,
    **policy: Any,
) -> SparkReport: ...
