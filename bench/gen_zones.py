#!/usr/bin/env python3
"""Generates valid zone rows for `gowest import zones`, in the import format.

    bench/gen_zones.py --rows 100000 --out zones.csv
    bench/gen_zones.py --rows 100000 --out zones.xlsx     # needs openpyxl

Names are unique (基准开发区000001 …); provinces are the 31 GB/T 2260 codes; levels,
GB/T 4754-2017 divisions, prices and wages are random but valid; coordinates lie in China.
The same --seed gives the same file. Standard library only, except openpyxl for .xlsx.
"""

import argparse
import csv
import random
import sys

# The 31 provincial-level divisions (GB/T 2260) with a rough centre, so points stay in China.
PROVINCES = {
    "110000": (39.9, 116.4), "120000": (39.1, 117.2), "130000": (38.0, 114.5),
    "140000": (37.9, 112.5), "150000": (40.8, 111.7), "210000": (41.8, 123.4),
    "220000": (43.9, 125.3), "230000": (45.8, 126.5), "310000": (31.2, 121.5),
    "320000": (32.1, 118.8), "330000": (30.3, 120.2), "340000": (31.9, 117.3),
    "350000": (26.1, 119.3), "360000": (28.7, 115.9), "370000": (36.7, 117.0),
    "410000": (34.8, 113.7), "420000": (30.6, 114.3), "430000": (28.2, 112.9),
    "440000": (23.1, 113.3), "450000": (22.8, 108.3), "460000": (20.0, 110.3),
    "500000": (29.6, 106.5), "510000": (30.7, 104.1), "520000": (26.6, 106.7),
    "530000": (25.0, 102.7), "540000": (29.7, 91.1), "610000": (34.3, 108.9),
    "620000": (36.1, 103.8), "630000": (36.6, 101.8), "640000": (38.5, 106.3),
    "650000": (43.8, 87.6),
}
CITIES = ["省会", "第二城", "新区", "港城", "工业城", "高新城"]
LEVELS = ["national_etdz", "etdz_policy", "provincial", "export_processing", "co_built_park"]
# GB/T 4754-2017 divisions 01–97 (all exist); weighted towards manufacturing (13–43).
DIVISIONS = [f"{d:02d}" for d in range(1, 98)]
MANUFACTURING = [f"{d:02d}" for d in range(13, 44)]

HEADERS = [
    ("name_zh", "开发区名称"), ("name_en", "英文名称"), ("level", "级别"),
    ("province_code", "省份代码"), ("city_zh", "所在城市"), ("lat", "纬度"), ("lon", "经度"),
    ("approved_year", "批准年份"), ("national_in_2006", "2006年国家级"),
    ("named_in_notice", "通知点名"), ("area_km2", "规划面积(平方公里)"),
    ("leading_industries", "主导产业代码"),
    ("land_price_yuan_per_m2", "工业用地价格(元/平方米)"),
    ("avg_wage_yuan_per_month", "平均工资(元/月)"),
    ("contact_phone", "联系电话"), ("description_zh", "简介"),
]


def rows(count, seed):
    rng = random.Random(seed)
    codes = sorted(PROVINCES)
    for i in range(1, count + 1):
        code = rng.choice(codes)
        lat0, lon0 = PROVINCES[code]
        n_ind = rng.randint(1, 4)
        industries = rng.sample(MANUFACTURING, n_ind - 1) + [rng.choice(DIVISIONS)]
        industries = list(dict.fromkeys(industries))
        yield [
            f"基准开发区{i:06d}",
            f"Benchmark Zone {i:06d}",
            rng.choice(LEVELS),
            code,
            f"{code[:2]}{rng.choice(CITIES)}",
            f"{lat0 + rng.uniform(-1.5, 1.5):.4f}",
            f"{lon0 + rng.uniform(-1.5, 1.5):.4f}",
            str(rng.randint(1984, 2024)),
            "否",
            "否",
            f"{rng.randint(100, 50000) / 100:.2f}",
            ";".join(industries),
            f"{rng.randint(5000, 150000) / 100:.2f}",
            str(rng.randint(3000, 12000)),
            f"0{rng.randint(10, 99)}-{rng.randint(10000000, 99999999)}",
            f"基准测试生成的开发区，第{i}号。",
        ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2006)
    parser.add_argument("--out", required=True, help="FILE.csv or FILE.xlsx")
    parser.add_argument("--key-headers", action="store_true",
                        help="use field keys (name_zh, …) as headers instead of Chinese labels")
    args = parser.parse_args()
    header = [key if args.key_headers else label for key, label in HEADERS]
    if args.out.lower().endswith(".xlsx"):
        try:
            from openpyxl import Workbook
        except ImportError:
            sys.exit("openpyxl is needed for .xlsx: pip install openpyxl")
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(header)
        for row in rows(args.rows, args.seed):
            sheet.append(row)
        workbook.save(args.out)
    else:
        with open(args.out, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows(args.rows, args.seed))


if __name__ == "__main__":
    main()
